package ru.mcu.marshrut.rulesets;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import ru.mcu.marshrut.municipalities.Municipality;
import ru.mcu.marshrut.municipalities.MunicipalityCatalog;

/**
 * The active ruleset of each municipality. A ruleset is immutable; switching versions is one reference
 * swap, so a request sees either the old or the new version, never a mix.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup
public class RulesetRegistry {

    private final Map<String, Ruleset> active = new ConcurrentHashMap<>();

    public RulesetRegistry(MunicipalityCatalog municipalities) {
        for (Municipality m : municipalities.all()) {
            String source = "autorules/" + m.id() + ".dmn";
            Ruleset ruleset = Ruleset.compile(m.id(), 1, source, RuleSources.decision(source));
            checkRecipients(m, ruleset);
            active.put(m.id(), ruleset);
        }
    }

    public Optional<Ruleset> active(String municipality) {
        return Optional.ofNullable(active.get(municipality));
    }

    /** Every recipient a row names must be in the municipality's registry. */
    static void checkRecipients(Municipality m, Ruleset ruleset) {
        for (AutoruleRow row : ruleset.table().rows()) {
            if (m.recipient(row.recipient()).isEmpty()) {
                throw new InvalidRulesetException("autorules/" + m.id() + ".dmn, правило " + row.id()
                        + ": получатель " + row.recipient() + " отсутствует в реестре получателей");
            }
            for (String co : row.coExecutors()) {
                if (m.recipient(co).isEmpty()) {
                    throw new InvalidRulesetException("autorules/" + m.id() + ".dmn, правило " + row.id()
                            + ": соисполнитель " + co + " отсутствует в реестре получателей");
                }
            }
        }
    }
}
