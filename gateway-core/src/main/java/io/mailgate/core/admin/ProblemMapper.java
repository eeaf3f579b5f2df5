package io.mailgate.core.admin;

import java.util.Set;
import java.util.TreeSet;

import io.mailgate.core.store.ConflictException;
import io.mailgate.core.store.InvalidInputException;
import io.mailgate.core.store.NotFoundException;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where an exception becomes an HTTP answer: every error leaves as
 * {@code application/problem+json} (RFC 9457), with an {@code instance} id that the log line
 * carries too. Client errors are logged at DEBUG; anything unexpected answers 500 with a detail that
 * says nothing of the inside, and is logged at ERROR with its stack trace.
 *
 * <p>Invalid input (422) means well-formed JSON with a value that breaks a rule; a request that cannot
 * be read at all (broken JSON, a missing body, a query parameter that is not a number) is 400.
 */
final class ProblemMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemMapper.class);

    @Context
    private UriInfo uriInfo;

    @Context
    private Request request;

    @Override
    public Response toResponse(Throwable error) {
        Response.ResponseBuilder response;
        Problem problem;
        if (error instanceof ApiException api) {
            problem = Problem.of(api.type(), api.getMessage());
        } else if (error instanceof InvalidInputException) {
            problem = Problem.of(ProblemType.INVALID_INPUT, error.getMessage());
        } else if (error instanceof NotFoundException) {
            problem = Problem.of(ProblemType.NOT_FOUND, error.getMessage());
        } else if (error instanceof ConflictException) {
            problem = Problem.of(ProblemType.CONFLICT, error.getMessage());
        } else if (error instanceof WebApplicationException web && web.getResponse().getStatus() < 500) {
            problem = Problem.ofStatus(web.getResponse().getStatus(), describe(web));
        } else {
            problem = Problem.of(ProblemType.INTERNAL, "the gateway failed to answer this request; "
                    + "the server log has the details under this problem's instance id");
        }
        response = Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
        if (error instanceof WebApplicationException web) {
            copyHeader(web, response, HttpHeaders.ALLOW);
            copyHeader(web, response, HttpHeaders.WWW_AUTHENTICATE);
        }
        log(problem, method(), path(), error);
        return response.build();
    }

    /** Logs a problem the way every part of the admin server does. */
    static void log(Problem problem, String method, String path, Throwable error) {
        if (problem.status() >= 500) {
            LOG.error("HTTP {} {} {} [{}]: {}", problem.status(), method, path, problem.instance(),
                    error == null ? problem.detail() : error.toString(), error);
        } else if (LOG.isDebugEnabled()) {
            LOG.debug("HTTP {} {} {} [{}]: {}", problem.status(), method, path, problem.instance(), problem.detail());
        }
    }

    private String describe(WebApplicationException web) {
        String path = path();
        if (web instanceof jakarta.ws.rs.NotFoundException) {
            return "there is nothing at " + path + "; the API is under /api/v1/";
        }
        if (web instanceof NotAllowedException) {
            Set<String> allowed = new TreeSet<>(web.getResponse().getAllowedMethods());
            return method() + " is not allowed on " + path + "; use " + String.join(", ", allowed);
        }
        if (web instanceof NotSupportedException) {
            return "send the request body as application/json";
        }
        if (web instanceof NotAcceptableException) {
            return "this resource answers in JSON (or text for /metrics); accept that media type";
        }
        if (web instanceof ForbiddenException) {
            return "your token does not allow " + method() + " " + path;
        }
        return ProblemType.reasonPhrase(web.getResponse().getStatus());
    }

    private static void copyHeader(WebApplicationException web, Response.ResponseBuilder response, String name) {
        String value = web.getResponse().getHeaderString(name);
        if (value != null) {
            response.header(name, value);
        }
    }

    private String method() {
        try {
            return request.getMethod();
        } catch (RuntimeException e) {
            return "?";
        }
    }

    private String path() {
        try {
            return uriInfo.getRequestUri().getRawPath();
        } catch (RuntimeException e) {
            return "?";
        }
    }
}
