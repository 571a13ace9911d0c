package ru.mcu.marshrut.operations;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * A readiness check whose findings name municipalities or the data directory. {@code /q/health/ready} is open to
 * anyone (probes send no credentials), so there it answers with its name and status only; the findings are for the
 * region's operators, at {@code GET /api/v1/operations/readiness} ({@link ReadinessReport}). An anonymous caller
 * once learnt from readiness which municipalities the service serves.
 */
public abstract class DetailedReadiness implements HealthCheck {

    /** The check with everything it found. */
    public abstract HealthCheckResponse detailed();

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponse d = detailed();
        return HealthCheckResponse.named(d.getName()).status(d.getStatus() == HealthCheckResponse.Status.UP).build();
    }
}
