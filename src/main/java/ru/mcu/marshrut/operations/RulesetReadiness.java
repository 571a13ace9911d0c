package ru.mcu.marshrut.operations;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import ru.mcu.marshrut.municipalities.MunicipalityCatalog;
import ru.mcu.marshrut.rulesets.RulesetRegistry;

/** Ready only when every municipality served has active autorules: without them every item goes to moderation. */
@Readiness
@ApplicationScoped
public class RulesetReadiness extends DetailedReadiness {

    static final String NAME = "autorules";

    private final MunicipalityCatalog municipalities;
    private final RulesetRegistry rulesets;

    public RulesetReadiness(MunicipalityCatalog municipalities, RulesetRegistry rulesets) {
        this.municipalities = municipalities;
        this.rulesets = rulesets;
    }

    @Override
    protected String name() {
        return NAME;
    }

    @Override
    public HealthCheckResponse detailed() {
        List<String> without = municipalities.ids().stream().sorted()
                .filter(m -> rulesets.active(m).isEmpty()).toList();
        return HealthCheckResponse.named(NAME)
                .status(without.isEmpty())
                .withData("municipalities", municipalities.ids().size())
                .withData("withoutActiveAutorules", String.join(", ", without))
                .build();
    }
}
