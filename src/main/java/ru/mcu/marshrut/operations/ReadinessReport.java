package ru.mcu.marshrut.operations;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.quarkus.security.identity.SecurityIdentity;

import ru.mcu.marshrut.security.Access;
import ru.mcu.marshrut.security.MetricsReaderPolicy;
import ru.mcu.marshrut.security.Roles;

/**
 * Readiness with what each check found — which municipalities lack active autorules or a compiled rating formula,
 * the data directory, the caches not running — for the region's operators: those who may read the metrics (a
 * {@code centre} credential, or a {@code platform} one scoped to every municipality), since the findings name every
 * municipality. Always 200: this is a report, the probe is {@code /q/health/ready}.
 */
@Path("/api/v1/operations/readiness")
public class ReadinessReport {

    private final Instance<HealthCheck> checks;
    private final SecurityIdentity identity;
    private final MetricsReaderPolicy readers;

    public ReadinessReport(@Readiness Instance<HealthCheck> checks, SecurityIdentity identity,
            MetricsReaderPolicy readers) {
        this.checks = checks;
        this.identity = identity;
        this.readers = readers;
    }

    /** The readiness report: {@code status} UP when every check is, and each check with its findings. */
    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "ReadinessReport")
    public record Report(String status, List<Check> checks) {
    }

    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "ReadinessCheck")
    public record Check(String name, String status, @org.eclipse.microprofile.openapi.annotations.media.Schema(nullable = true) Map<String, Object> data) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.PLATFORM, Roles.CENTRE })
    public Report readiness() {
        if (!readers.mayRead(identity)) {
            throw new Access.ScopeException(403, "municipality", "the readiness report names every municipality of the"
                    + " service: a centre credential, or a platform one scoped to all of them, reads it");
        }
        List<Check> out = new ArrayList<>();
        boolean up = true;
        for (HealthCheck c : checks) {
            HealthCheckResponse r;
            try {
                r = c instanceof DetailedReadiness d ? d.detailed() : c.call();
            } catch (RuntimeException e) {
                // A check that throws is down, and the report says why (its readers are the region's operators)
                String name = c instanceof DetailedReadiness d ? d.name() : c.getClass().getSimpleName();
                r = HealthCheckResponse.named(name).down().withData("error", String.valueOf(e)).build();
            }
            up &= r.getStatus() == HealthCheckResponse.Status.UP;
            out.add(new Check(r.getName(), r.getStatus().name(), r.getData().map(LinkedHashMap::new).orElse(null)));
        }
        out.sort(java.util.Comparator.comparing(Check::name));
        return new Report(up ? "UP" : "DOWN", out);
    }
}
