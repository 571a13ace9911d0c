package ru.mcu.marshrut.operations;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * A readiness check whose findings name municipalities or the data directory. {@code /q/health/ready} is open to
 * anyone (probes send no credentials), so there it answers with its name and status only; the findings are for the
 * region's operators, at {@code GET /api/v1/operations/readiness} ({@link ReadinessReport}). An anonymous caller
 * once learnt from readiness which municipalities the service serves (and, from the calendar's "today", the
 * easternmost one's time zone).
 */
public abstract class DetailedReadiness implements HealthCheck {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(DetailedReadiness.class);

    /** The check with everything it found. */
    public abstract HealthCheckResponse detailed();

    /** The check's name, also when it fails with an exception (whose message the open answer would otherwise carry). */
    protected abstract String name();

    @Override
    public HealthCheckResponse call() {
        boolean up;
        try {
            up = detailed().getStatus() == HealthCheckResponse.Status.UP;
        } catch (RuntimeException e) {
            LOG.warnf(e, "Readiness check %s failed", name());
            up = false;
        }
        return HealthCheckResponse.named(name()).status(up).build();
    }
}
