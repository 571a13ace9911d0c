package ru.mcu.marshrut.rulesets;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.runtime.Startup;

import ru.mcu.marshrut.dmn.InvalidRulesetException;
import ru.mcu.marshrut.dmn.RuleSources;
import ru.mcu.marshrut.municipalities.Municipality;
import ru.mcu.marshrut.municipalities.MunicipalityCatalog;

/**
 * The active ruleset of each municipality. A ruleset is immutable; switching versions is one reference
 * swap, so a request sees either the old or the new version, never a mix. At start the version the store
 * marks active is compiled; the shipped file in decisions/ is only version 1 of a municipality never seen.
 */
@ApplicationScoped
@Startup
public class RulesetRegistry {

    private static final Logger LOG = Logger.getLogger(RulesetRegistry.class);

    private final Map<String, Ruleset> active = new ConcurrentHashMap<>();

    public RulesetRegistry(MunicipalityCatalog municipalities, RulesetStore store) {
        for (Municipality m : municipalities.all()) {
            OptionalInt stored = store.activeVersion(m.id());
            Ruleset ruleset;
            if (stored.isPresent()) {
                RulesetVersion v = store.get(m.id(), stored.getAsInt()).orElseThrow(() -> new IllegalStateException(
                        "Active autorules " + m.id() + "/" + stored.getAsInt() + " are missing from the store"));
                ruleset = Ruleset.compile(m.id(), v.version(), "autorules/" + m.id() + "@" + v.version(), v.xml());
                reconcileStates(store, m.id(), v.version());
                LOG.infof("Autorules %s: active version %d (%d rows)", m.id(), v.version(), ruleset.table().rows().size());
            } else if (!RuleSources.hasDecision("autorules/" + m.id() + ".dmn")) {
                // A municipality added by configuration: its items go to moderation until an administrator uploads
                // and activates its autorules; readiness reports it meanwhile.
                LOG.warnf("Autorules %s: none shipped and none active; every item goes to moderation", m.id());
                continue;
            } else {
                String source = "autorules/" + m.id() + ".dmn";
                String xml = RuleSources.decision(source);
                ruleset = Ruleset.compile(m.id(), 1, source, xml);
                checkRecipients(m, ruleset);
                OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                store.put(new RulesetVersion(m.id(), 1, RulesetVersion.State.ACTIVE, ruleset.hash(), "поставка Маршрута",
                        "Таблица по постановлению о МЦУ (decisions/" + source + ")", TableFormat.DMN.name(),
                        ruleset.table().rows().size(), now, now, null, xml, "поставка Маршрута"));
                store.setActive(m.id(), 1);
            }
            active.put(m.id(), ruleset);
        }
        store.onActiveMovedElsewhere((municipality, version) -> follow(store, municipality, version));
    }

    /**
     * Another node activated or rolled back a version: this node compiles the same version and swaps it in whole
     * (a request sees the old ruleset or the new one, never a mix), usually well within a second.
     */
    private void follow(RulesetStore store, String municipality, int version) {
        try {
            Ruleset current = active.get(municipality);
            if (current != null && current.version() == version) {
                return;
            }
            RulesetVersion v = store.get(municipality, version).orElseThrow(() -> new IllegalStateException(
                    "version " + version + " is not in the store"));
            swap(municipality, Ruleset.compile(municipality, version, "autorules/" + municipality + "@" + version, v.xml()));
            LOG.infof("Autorules %s: version %d activated on another node, active here too", municipality, version);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Autorules %s: version %d activated on another node could not be compiled here", municipality,
                    version);
        }
    }

    /**
     * The active pointer is written last when a version is switched; a crash between the writes can leave states
     * that disagree with it. The pointer wins: its version is ACTIVE, any other ACTIVE one is RETIRED.
     */
    private static void reconcileStates(RulesetStore store, String municipality, int activeVersion) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        for (RulesetVersion v : store.list(municipality)) {
            boolean shouldBeActive = v.version() == activeVersion;
            if (shouldBeActive && v.state() != RulesetVersion.State.ACTIVE) {
                store.get(municipality, v.version()).ifPresent(full -> store.put(full.withState(RulesetVersion.State.ACTIVE, now, "Маршрут (сверка при запуске)")));
                LOG.warnf("Autorules %s: version %d marked ACTIVE to match the active pointer", municipality, v.version());
            } else if (!shouldBeActive && v.state() == RulesetVersion.State.ACTIVE) {
                store.get(municipality, v.version()).ifPresent(full -> store.put(full.withState(RulesetVersion.State.RETIRED, now, "Маршрут (сверка при запуске)")));
                LOG.warnf("Autorules %s: version %d marked RETIRED to match the active pointer", municipality, v.version());
            }
        }
    }

    public Optional<Ruleset> active(String municipality) {
        return Optional.ofNullable(active.get(municipality));
    }

    /** The atomic switch: requests that already hold the old ruleset finish with it. */
    public void swap(String municipality, Ruleset ruleset) {
        active.put(municipality, ruleset);
    }

    /** Every recipient a row names must be in the municipality's registry. */
    static void checkRecipients(Municipality m, Ruleset ruleset) {
        for (AutoruleRow row : ruleset.table().rows()) {
            for (String r : row.recipients()) {
                if (m.recipient(r).isEmpty()) {
                    throw new InvalidRulesetException("autorules/" + m.id() + ".dmn, правило " + row.id()
                            + ": получатель " + r + " отсутствует в реестре получателей");
                }
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
