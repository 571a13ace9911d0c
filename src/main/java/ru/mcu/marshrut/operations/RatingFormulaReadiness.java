package ru.mcu.marshrut.operations;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import ru.mcu.marshrut.rating.RatingFormulaRegistry;

/**
 * Ready once every municipality's active rating formula is compiled; a formula that failed to compile keeps the
 * service not ready (the operators' readiness report names its municipality). The compiles start when the HTTP server
 * listens — after the start, not on its path to the first routing answer — or earlier if a rating or this check asks
 * for a formula.
 */
@Readiness
@ApplicationScoped
public class RatingFormulaReadiness extends DetailedReadiness {

    static final String NAME = "rating-formulas";

    private final RatingFormulaRegistry formulas;

    public RatingFormulaReadiness(RatingFormulaRegistry formulas) {
        this.formulas = formulas;
    }

    void compileOnceListening(@jakarta.enterprise.event.Observes io.quarkus.vertx.http.HttpServerStart listening) {
        formulas.notCompiled();
    }

    void compileOnceListening(@jakarta.enterprise.event.Observes io.quarkus.vertx.http.HttpsServerStart listening) {
        formulas.notCompiled();
    }

    @Override
    protected String name() {
        return NAME;
    }

    @Override
    public HealthCheckResponse detailed() {
        Map<String, String> pending = formulas.notCompiled();
        var response = HealthCheckResponse.named(NAME).status(pending.isEmpty());
        pending.forEach(response::withData);
        return response.build();
    }
}
