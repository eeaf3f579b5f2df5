package io.mailgate.core.admin;

import java.nio.ByteBuffer;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's error page, replaced: when Jetty itself refuses a request before Jersey sees it (an
 * ambiguous or malformed URI, headers too large, an exception that escaped Jersey), the client still
 * gets {@code application/problem+json} and no HTML or stack trace. Only a message that Jetty marks
 * as meant for the client (an {@link HttpException}) reaches the detail.
 */
final class ProblemErrorHandler implements Request.Handler {

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        Throwable cause = (Throwable) request.getAttribute(ErrorHandler.ERROR_EXCEPTION);
        String message = (String) request.getAttribute(ErrorHandler.ERROR_MESSAGE);
        if (cause instanceof HttpException http) {
            status = http.getCode();
            message = message == null ? http.getReason() : message;
        } else if (cause != null) {
            message = null;
        }
        if (status < 400) {
            status = 500;
        }
        response.setStatus(status);
        Problem problem = status >= 500
                ? Problem.of(ProblemType.INTERNAL, "the gateway failed to answer this request; "
                        + "the server log has the details under this problem's instance id")
                : Problem.ofStatus(status, message == null || message.isBlank() ? ProblemType.reasonPhrase(status) : message);
        ProblemMapper.log(problem, request.getMethod(), rawPath(request), cause);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        if (HttpStatus.hasNoBody(status) || "HEAD".equals(request.getMethod())) {
            callback.succeeded();
            return true;
        }
        byte[] body;
        try {
            body = JsonMapper.MAPPER.writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            callback.failed(e);
            return true;
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    private static String rawPath(Request request) {
        try {
            return String.valueOf(request.getHttpURI().getPath());
        } catch (RuntimeException e) {
            return "?";
        }
    }
}
