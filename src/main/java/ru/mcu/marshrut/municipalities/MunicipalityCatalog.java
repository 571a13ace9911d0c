package ru.mcu.marshrut.municipalities;

import java.io.IOException;
import java.io.InputStream;
import java.time.ZoneId;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import ru.mcu.marshrut.MarshrutConfig;
import ru.mcu.marshrut.deadlines.WorkingHours;
import ru.mcu.marshrut.recipients.Recipient;

/** The municipalities of the settings, each with its recipient registry from {@code recipients/<id>.json}. */
@ApplicationScoped
public class MunicipalityCatalog {

    private final Map<String, Municipality> byId;

    public MunicipalityCatalog(MarshrutConfig config, ObjectMapper json) {
        this.byId = build(config, json);
    }

    static Map<String, Municipality> build(MarshrutConfig config, ObjectMapper json) {
        Map<String, Municipality> result = new LinkedHashMap<>();
        config.municipalities().forEach((id, m) -> {
            Map<String, Recipient> recipients = loadRecipients(id, json);
            Recipient coordinator = recipients.get(m.coordinator());
            if (coordinator == null) {
                throw new IllegalStateException("Municipality " + id + ": coordinator " + m.coordinator()
                        + " is not in recipients/" + id + ".json");
            }
            m.channelCoExecutors().values().forEach(r -> {
                if (!recipients.containsKey(r)) {
                    throw new IllegalStateException("Municipality " + id + ": channel co-executor " + r + " is unknown");
                }
            });
            Map<String, Recipient> channelCoordinators = new LinkedHashMap<>();
            m.channelCoordinators().forEach((channel, r) -> {
                if (!recipients.containsKey(r)) {
                    throw new IllegalStateException("Municipality " + id + ": coordinator of " + channel + " " + r + " is unknown");
                }
                channelCoordinators.put(channel, recipients.get(r));
            });
            recipients.values().forEach(r -> {
                for (String link : new String[] { r.parentId(), r.deputyId() }) {
                    if (link != null && !recipients.containsKey(link)) {
                        throw new IllegalStateException("Municipality " + id + ": recipient " + r.id() + " names "
                                + link + ", which is not in recipients/" + id + ".json");
                    }
                }
            });
            var wh = m.workingHours();
            result.put(id, new Municipality(id, m.name(), ZoneId.of(m.timeZone()), m.oktmoPrefix().orElse(null),
                    coordinator, Map.copyOf(channelCoordinators), Map.copyOf(m.channelCoExecutors()),
                    new WorkingHours(wh.start(), wh.end(), wh.breakStart(), wh.breakEnd(), wh.preHolidayShortening()),
                    recipients));
        });
        return Map.copyOf(result);
    }

    private static Map<String, Recipient> loadRecipients(String municipality, ObjectMapper json) {
        String path = "recipients/" + municipality + ".json";
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("No recipient registry " + path + " for municipality " + municipality);
            }
            List<Recipient> list = json.readValue(in, new TypeReference<List<Recipient>>() {
            });
            Map<String, Recipient> map = new LinkedHashMap<>();
            list.forEach(r -> map.put(r.id(), r));
            return Map.copyOf(map);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + path, e);
        }
    }

    public Optional<Municipality> find(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id));
    }

    public Collection<Municipality> all() {
        return byId.values();
    }

    public java.util.Set<String> ids() {
        return byId.keySet();
    }
}
