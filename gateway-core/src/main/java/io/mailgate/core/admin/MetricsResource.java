package io.mailgate.core.admin;

import io.mailgate.core.metrics.GatewayMetrics;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code GET /metrics}: Prometheus text format 0.0.4. Open, without a token, for the scraper. */
@Path("/metrics")
public final class MetricsResource {

    private final GatewayMetrics metrics;

    @Inject
    MetricsResource(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    @GET
    @Produces({MediaType.TEXT_PLAIN, MediaType.WILDCARD})
    public Response metrics() {
        return Response.ok(metrics.render()).header("Content-Type", GatewayMetrics.CONTENT_TYPE).build();
    }
}
