package ru.mcu.marshrut.municipalities;

import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;

import ru.mcu.marshrut.deadlines.WorkingHours;
import ru.mcu.marshrut.deadlines.WorkingTime;
import ru.mcu.marshrut.recipients.Recipient;

/** A municipality served by Marshrut, with its recipients and working time. */
public record Municipality(
        String id,
        String name,
        ZoneId zone,
        String oktmoPrefix,
        Recipient coordinator,
        Map<String, Recipient> channelCoordinators,
        Map<String, String> channelCoExecutors,
        WorkingHours workingHours,
        Map<String, Recipient> recipients) implements WorkingTime {

    /** Who takes the items of a channel to moderation: the channel's coordinator where the decree names one. */
    public Recipient coordinatorFor(String channel) {
        return channelCoordinators.getOrDefault(channel, coordinator);
    }

    public Optional<Recipient> recipient(String recipientId) {
        return Optional.ofNullable(recipients.get(recipientId));
    }

    /** The municipality as seen by one recipient: its own time zone and working hours where it sets them. */
    public Municipality asSeenBy(Recipient r) {
        if (r == null || r.timeZone() == null && r.workingHours() == null) {
            return this;
        }
        return new Municipality(id, name, r.timeZone() == null ? zone : ZoneId.of(r.timeZone()), oktmoPrefix, coordinator,
                channelCoordinators, channelCoExecutors, r.workingHours() == null ? workingHours : r.workingHours(), recipients);
    }
}
