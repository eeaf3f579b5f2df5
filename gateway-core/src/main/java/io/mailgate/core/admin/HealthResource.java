package io.mailgate.core.admin;

import java.util.Map;
import java.util.function.BooleanSupplier;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /health}: 200 {@code {"status":"up"}} while the gateway says it is healthy, else 503
 * as a problem. Open, without a token, for load balancers and supervisors.
 */
@Path("/health")
public final class HealthResource {

    private static final Logger LOG = LoggerFactory.getLogger(HealthResource.class);

    private final BooleanSupplier healthy;

    @Inject
    HealthResource(BooleanSupplier healthy) {
        this.healthy = healthy;
    }

    @GET
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    public Response health() {
        boolean up;
        try {
            up = healthy.getAsBoolean();
        } catch (RuntimeException e) {
            LOG.warn("the health check failed, answering 503: {}", e.toString());
            up = false;
        }
        if (up) {
            return Response.ok(Map.of("status", "up"), MediaType.APPLICATION_JSON_TYPE).build();
        }
        Problem problem = Problem.ofStatus(503, "the gateway is not ready or is shutting down");
        return Response.status(503).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
