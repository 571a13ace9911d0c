package ru.mcu.marshrut.municipalities;

import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;

import ru.mcu.marshrut.deadlines.WorkingHours;

/** A municipality served by Marshrut, with its recipients and working time. */
public record Municipality(
        String id,
        String name,
        ZoneId zone,
        String oktmoPrefix,
        Recipient coordinator,
        Map<String, String> channelCoExecutors,
        WorkingHours workingHours,
        Map<String, Recipient> recipients) {

    public Optional<Recipient> recipient(String recipientId) {
        return Optional.ofNullable(recipients.get(recipientId));
    }
}
