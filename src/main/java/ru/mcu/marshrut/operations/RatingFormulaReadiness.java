package ru.mcu.marshrut.operations;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import ru.mcu.marshrut.rating.RatingFormulaRegistry;

/**
 * Ready once every municipality's active rating formula is compiled (they are compiled beside the start, off the path
 * to the first routing answer); a formula that failed to compile keeps the service not ready, naming the municipality.
 */
@Readiness
@ApplicationScoped
public class RatingFormulaReadiness implements HealthCheck {

    private final RatingFormulaRegistry formulas;

    public RatingFormulaReadiness(RatingFormulaRegistry formulas) {
        this.formulas = formulas;
    }

    @Override
    public HealthCheckResponse call() {
        Map<String, String> pending = formulas.notCompiled();
        var response = HealthCheckResponse.named("rating-formulas").status(pending.isEmpty());
        pending.forEach(response::withData);
        return response.build();
    }
}
