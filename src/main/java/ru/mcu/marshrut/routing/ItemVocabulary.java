package ru.mcu.marshrut.routing;

import java.util.List;

/** The closed vocabularies of an item, shared by the API, the autorule validator and the deadline classes. */
public final class ItemVocabulary {

    public static final List<String> CHANNELS = List.of("POS", "APPEAL_59FZ", "SOCIAL_IM", "PHONE", "EMAIL", "RECEPTION");
    public static final List<String> AUTHOR_TYPES = List.of("CITIZEN", "ORGANIZATION");
    public static final List<String> IMPORTANCES = List.of("NORMAL", "HIGH");

    private ItemVocabulary() {
    }
}
