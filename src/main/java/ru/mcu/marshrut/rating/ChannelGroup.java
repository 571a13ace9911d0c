package ru.mcu.marshrut.rating;

import java.util.Set;

/**
 * The channel groups the decrees rate apart (Kachkanar §2.6 б, 2.7 б: ПОС and Инцидент Менеджмент separately):
 * ПОС messages, social networks, 59-ФЗ appeals (written, e-mail, reception), calls, or all items.
 */
public enum ChannelGroup {
    POS("сообщения ПОС", Set.of("POS")),
    SOCIAL("соцсети (Инцидент Менеджмент)", Set.of("SOCIAL_IM")),
    APPEALS("обращения по 59-ФЗ", Set.of("APPEAL_59FZ", "EMAIL", "RECEPTION")),
    /** Calls: messages of no group above (the groups divide ALL, so each item is rated in one of them). */
    PHONE("звонки", Set.of("PHONE")),
    ALL("все каналы", null);

    private final String title;
    private final Set<String> channels;

    ChannelGroup(String title, Set<String> channels) {
        this.title = title;
        this.channels = channels;
    }

    public String title() {
        return title;
    }

    public boolean includes(String channel) {
        return channels == null || channels.contains(channel);
    }
}
