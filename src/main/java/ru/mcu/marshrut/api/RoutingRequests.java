package ru.mcu.marshrut.api;

import java.time.OffsetDateTime;

import jakarta.enterprise.context.ApplicationScoped;

import ru.mcu.marshrut.municipalities.MunicipalityCatalog;
import ru.mcu.marshrut.routing.ItemVocabulary;
import ru.mcu.marshrut.routing.RoutingItem;
import ru.mcu.marshrut.security.Access;

/** Reads a routing request, for the single call and for each item of a batch alike. */
@ApplicationScoped
public class RoutingRequests {

    static final int MAX_TEXT = 10_000;

    private final MunicipalityCatalog municipalities;
    private final Access access;

    public RoutingRequests(MunicipalityCatalog municipalities, Access access) {
        this.municipalities = municipalities;
        this.access = access;
    }

    /** The item of a routing request, every bad field named at once; the municipality must be the caller's. */
    RoutingItem read(JsonFields f) {
        String itemId = f.string("itemId", true, 200);
        String municipality = f.string("municipality", true, 100);
        if (municipality != null && municipalities.find(municipality).isEmpty()) {
            f.error("municipality", "unknown municipality \"" + municipality + "\"; yours: " + access.municipalityIds());
        }
        String channel = f.oneOf("channel", ItemVocabulary.CHANNELS, null, true);
        String category = f.string("category", false, 300);
        String subcategory = f.string("subcategory", false, 300);
        String oktmo = f.string("oktmo", false, 11);
        if (oktmo != null && !oktmo.matches("\\d{8}|\\d{11}")) {
            f.error("oktmo", "must be an ОКТМО code of 8 or 11 digits (got \"" + oktmo + "\")");
        }
        String text = f.string("text", false, MAX_TEXT);
        String authorType = f.oneOf("authorType", ItemVocabulary.AUTHOR_TYPES, "CITIZEN", false);
        String importance = f.oneOf("importance", ItemVocabulary.IMPORTANCES, "NORMAL", false);
        OffsetDateTime receivedAt = f.dateTime("receivedAt", true);
        OffsetDateTime answerAt = f.dateTime("answerAt", false);
        String repeatOf = f.string("repeatOf", false, 200);
        if (receivedAt != null && answerAt != null && !answerAt.isAfter(receivedAt)) {
            f.error("answerAt", "must be after receivedAt");
        }
        f.throwIfInvalid();
        org.jboss.logging.MDC.put("municipality", municipality);
        access.require("municipality", municipality);
        return new RoutingItem(itemId, municipality, channel, category, subcategory, oktmo, text, authorType,
                importance, receivedAt, answerAt, repeatOf);
    }
}
