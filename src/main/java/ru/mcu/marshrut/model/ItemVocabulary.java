package ru.mcu.marshrut.model;

import java.util.List;

/** The closed vocabularies of an item, shared by the API, the autorule validator and the deadline classes. */
public final class ItemVocabulary {

    /** Where an item came from: ПОС, an appeal under 59-ФЗ, a social-network post (Инцидент Менеджмент), … */
    public enum Channel {
        POS, APPEAL_59FZ, SOCIAL_IM, PHONE, EMAIL, RECEPTION
    }

    /** Who wrote the item: a citizen or an organization. */
    public enum AuthorType {
        CITIZEN, ORGANIZATION
    }

    /** HIGH shortens the deadline of some channels (a social-network post marked urgent). */
    public enum Importance {
        NORMAL, HIGH
    }

    public static final List<String> CHANNELS = names(Channel.values());
    public static final List<String> AUTHOR_TYPES = names(AuthorType.values());
    public static final List<String> IMPORTANCES = names(Importance.values());

    private static List<String> names(Enum<?>[] values) {
        return java.util.Arrays.stream(values).map(Enum::name).toList();
    }

    private ItemVocabulary() {
    }
}
