package ru.mcu.marshrut.open311;

import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

import ru.mcu.marshrut.deadlines.CalendarRangeException;
import ru.mcu.marshrut.deadlines.Deadline;
import ru.mcu.marshrut.events.EventService;
import ru.mcu.marshrut.events.EventStore;
import ru.mcu.marshrut.events.ItemEvent;
import ru.mcu.marshrut.events.ItemLifecycle;
import ru.mcu.marshrut.municipalities.Municipality;
import ru.mcu.marshrut.municipalities.MunicipalityCatalog;
import ru.mcu.marshrut.routing.DecisionStore;
import ru.mcu.marshrut.routing.RoutingDecision;
import ru.mcu.marshrut.routing.RoutingItem;
import ru.mcu.marshrut.routing.RoutingService;

/**
 * Accepts Open311 service requests and answers their state. A request is written to the Open311 store first and
 * then routed as an item of the {@value #CHANNEL} channel (a citizen's message from a feedback platform, like ПОС),
 * its item id derived from the request id; routing is idempotent by item id, so a request whose routing was cut
 * short (the process stopped in between) is routed at the next start, signed by the principal that posted it. A
 * request whose item cannot be routed (no production calendar for its date) is taken back and answered as an error.
 */
@ApplicationScoped
public class Open311Service {

    /** Open311 requests are citizens' messages from a feedback platform, as ПОС messages are (deadline POS_MESSAGE). */
    public static final String CHANNEL = "POS";

    private static final Logger LOG = Logger.getLogger(Open311Service.class);
    private static final DateTimeFormatter RU = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Open311Store store;
    private final ServiceCatalog services;
    private final RoutingService routing;
    private final DecisionStore decisions;
    private final EventService lifecycle;
    private final EventStore events;
    private final MunicipalityCatalog municipalities;
    private final Open311Clock clock;

    public Open311Service(Open311Store store, ServiceCatalog services, RoutingService routing, DecisionStore decisions,
            EventService lifecycle, EventStore events, MunicipalityCatalog municipalities, Open311Clock clock) {
        this.store = store;
        this.services = services;
        this.routing = routing;
        this.decisions = decisions;
        this.lifecycle = lifecycle;
        this.events = events;
        this.municipalities = municipalities;
        this.clock = clock;
    }

    /** What a client sent, checked: everything of the request but its id and the time it is received. */
    public record Submission(ServiceCatalog.Service service, String description, java.math.BigDecimal lat,
            java.math.BigDecimal lon, String addressString, String addressId, List<String> mediaUrls) {
    }

    public record Accepted(Open311Request request, RoutingDecision decision) {
    }

    /** Stores the request, routes its item and answers both; {@code signature}: the principal posting it. */
    public Accepted submit(Municipality m, Submission s, String signature) {
        Open311Request r;
        do {
            String id = HexFormat.of().formatHex(bytes(8));
            r = new Open311Request(id, m.id(), Open311Request.itemIdOf(id), s.service().code(), s.description(), s.lat(),
                    s.lon(), s.addressString(), s.addressId(), s.mediaUrls().isEmpty() ? null : s.mediaUrls(),
                    clock.now(m.zone()), signature);
        } while (!store.create(r));
        try {
            Accepted accepted = new Accepted(r, routing.route(item(r), signature).decision());
            store.routed(r);
            return accepted;
        } catch (CalendarRangeException e) {
            store.remove(r);
            throw Open311Error.of(400, "The request cannot be routed now: " + e.getMessage()
                    + " (the production calendar of that year is not loaded yet); nothing was stored");
        } catch (RuntimeException e) {
            // Stored and routed, and only what came after failed: the request stands. Otherwise take it back.
            Optional<RoutingDecision> d = decisions.findByItemId(m.id(), r.itemId());
            if (d.isPresent()) {
                LOG.warnf(e, "Open311 request %s was routed, but the call failed after that", r.serviceRequestId());
                store.routed(r);
                return new Accepted(r, d.get());
            }
            store.remove(r);
            throw e;
        }
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** A request the process stopped between storing and routing is routed now, as its client asked. */
    void recover(@Observes StartupEvent start) {
        for (Open311Request r : store.pending()) {
            if (decisions.findByItemId(r.municipality(), r.itemId()).isPresent()) {
                store.routed(r);
            } else {
                try {
                    routing.route(item(r), r.submittedBy());
                    store.routed(r);
                    LOG.infof("Open311 request %s of %s routed at start (it was stored, not yet routed)",
                            r.serviceRequestId(), r.municipality());
                } catch (RuntimeException e) {
                    LOG.errorf(e, "Open311 request %s of %s is stored but cannot be routed", r.serviceRequestId(),
                            r.municipality());
                }
            }
        }
    }

    public Optional<Open311Request> find(String serviceRequestId) {
        return store.find(serviceRequestId);
    }

    public List<Open311Request> list(String municipality, java.time.Instant from, java.time.Instant to, int limit,
            java.util.function.Predicate<Open311Request> filter) {
        return store.list(municipality, from, to, limit, filter);
    }

    private RoutingItem item(Open311Request r) {
        ServiceCatalog.Service s = services.find(r.serviceCode())
                .orElseThrow(() -> new IllegalStateException("service_code " + r.serviceCode() + " is gone"));
        return new RoutingItem(r.itemId(), r.municipality(), CHANNEL, s.category(), s.subcategory(), null,
                r.description(), "CITIZEN", "NORMAL", r.requestedAt(), null, null);
    }

    /** The decision of a request's item (routing it now if the process stopped before it was routed). */
    public RoutingDecision decision(Open311Request r) {
        return decisions.findByItemId(r.municipality(), r.itemId())
                .orElseGet(() -> routing.route(item(r), r.submittedBy()).decision());
    }

    /** The answer to POST requests: the id and, for the citizen, who handles the request and by when. */
    public Map<String, Object> accepted(Accepted a) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("service_request_id", a.request().serviceRequestId());
        out.put("service_notice", notice(a.decision()));
        out.put("account_id", null);
        return out;
    }

    /** A request as GET answers it: its state replayed from the decision and the item's events. */
    public Map<String, Object> view(Open311Request r) {
        Municipality m = municipalities.find(r.municipality()).orElseThrow();
        RoutingDecision d;
        try {
            d = decision(r);
        } catch (RuntimeException e) {
            // Stored, not routed, and routing it now fails (its service is gone, the calendar is not loaded): the
            // request is shown as received — one such request once failed every listing that held it
            LOG.warnf(e, "Open311 request %s is stored but cannot be routed now", r.serviceRequestId());
            return unrouted(r);
        }
        ItemLifecycle.State s;
        try {
            s = lifecycle.state(d);
        } catch (CalendarRangeException e) {
            s = ItemLifecycle.derive(d, events.ofItem(m.id(), d.itemId()));
        }
        List<ItemEvent> history = events.ofItem(m.id(), d.itemId()).stream()
                .sorted(ru.mcu.marshrut.events.ItemLifecycle.ORDER).toList();
        OffsetDateTime updated = r.requestedAt();
        ItemEvent closing = null;
        for (ItemEvent e : history) {
            if (s.withoutEffect(e.eventId())) {
                continue; // no update of the request: a second answer's time is not the answer's
            }
            OffsetDateTime at = e.occurredAt().atZoneSameInstant(m.zone()).toOffsetDateTime();
            if (at.isAfter(updated)) {
                updated = at;
            }
            if (e.type() == ru.mcu.marshrut.events.ItemEventType.SEND_RESPONSE || e.type() == ru.mcu.marshrut.events.ItemEventType.FORWARD_TO_COMPETENT_BODY
                    || e.type() == ru.mcu.marshrut.events.ItemEventType.MODERATION_DECLINE) {
                closing = e;
            } else if (e.type() == ru.mcu.marshrut.events.ItemEventType.RETURNED_FOR_REWORK) {
                closing = null;
            }
        }
        if (!s.open() && closing != null) {
            updated = closing.occurredAt().atZoneSameInstant(m.zone()).toOffsetDateTime();
        }
        String agency = s.holder() != null ? name(m, s.holder()) : d.recipient() == null ? null : d.recipient().name();
        // A message declined at moderation will not be answered: no date to expect an answer by
        return view(r, s.open(), statusNotes(m, d, s, closing), agency, notice(d), updated,
                s.deadline() == null || s.declined() ? null : s.deadline().dueAt());
    }

    /** A request stored but not routed, as received: open, no agency, no due date. */
    private Map<String, Object> unrouted(Open311Request r) {
        return view(r, true, "Сообщение принято и ожидает распределения.", null, "Сообщение принято.", r.requestedAt(),
                null);
    }

    /** The spec's fields of a request, in its order. */
    private Map<String, Object> view(Open311Request r, boolean open, String notes, String agency, String notice,
            OffsetDateTime updated, OffsetDateTime expected) {
        ServiceCatalog.Service service = services.find(r.serviceCode()).orElse(null);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("service_request_id", r.serviceRequestId());
        out.put("status", open ? "open" : "closed");
        out.put("status_notes", notes);
        out.put("service_name", service == null ? null : service.name());
        out.put("service_code", r.serviceCode());
        out.put("description", r.description());
        out.put("agency_responsible", agency);
        out.put("service_notice", notice);
        out.put("requested_datetime", r.requestedAt());
        out.put("updated_datetime", updated);
        out.put("expected_datetime", expected);
        out.put("address", r.addressString());
        out.put("address_id", r.addressId());
        out.put("zipcode", null);
        out.put("lat", r.lat());
        out.put("long", r.lon());
        out.put("media_url", r.mediaUrls() == null || r.mediaUrls().isEmpty() ? null : r.mediaUrls().get(0));
        return out;
    }

    /** For the citizen: who handles the request and by when (at the time it was routed). */
    String notice(RoutingDecision d) {
        Municipality m = municipalities.find(d.municipality()).orElseThrow();
        String due = d.deadline() == null ? null : when(m, d.deadline());
        if (RoutingDecision.ROUTED.equals(d.outcome())) {
            return "Сообщение принято и направлено ответственному: «" + d.recipient().name() + "»."
                    + (due == null ? "" : " Ответ будет дан до " + due + ".") + whyProvisional(d.deadline());
        }
        return "Сообщение принято и передано координатору МЦУ («" + (d.recipient() == null ? "" : d.recipient().name())
                + "») для назначения ответственного" + (d.moderationDeadline() == null ? "" : " до "
                        + when(m, d.moderationDeadline())) + "." + (due == null ? "" : " Ответ будет дан до " + due + ".")
                + whyProvisional(d.moderationDeadline(), d.deadline());
    }

    private String statusNotes(Municipality m, RoutingDecision d, ItemLifecycle.State s, ItemEvent closing) {
        if (s.declined()) {
            return "Сообщение отклонено при модерации " + s.declinedAt().atZoneSameInstant(m.zone()).format(RU)
                    + (s.declineReason() == null ? "" : ": " + s.declineReason()) + ".";
        }
        if (!s.open()) {
            String at = closing == null ? "" : " " + closing.occurredAt().atZoneSameInstant(m.zone()).format(RU);
            if (s.deadline() != null && ItemLifecycle.FORWARDED.equals(s.deadline().className())) {
                return "Сообщение направлено в орган или должностному лицу по компетенции" + at + ".";
            }
            return "Ответ дан" + at + (s.holder() == null ? "" : " (" + name(m, s.holder()) + ")") + ".";
        }
        String due = s.deadline() == null ? "" : " Срок ответа — до " + when(m, s.deadline()) + "."
                + (s.extensions() > 0 ? " Срок продлён." : "");
        if (s.holder() == null) {
            Deadline moderation = lifecycle.moderationDeadline(d); // on today's calendars, as the answer's
            return "Сообщение на распределении у координатора МЦУ" + (d.recipient() == null ? ""
                    : " («" + d.recipient().name() + "»)") + (moderation == null ? ""
                            : ", назначить ответственного — до " + when(m, moderation)) + "." + due
                    + whyProvisional(moderation, s.deadline());
        }
        return "Сообщение рассматривает «" + name(m, s.holder()) + "»." + due + whyProvisional(s.deadline());
    }

    /**
     * A due date as a citizen reads it: local time of the municipality, or the zone named when it is another; marked
     * when it may still move (counted on a year whose official production calendar is not loaded yet).
     */
    private static String when(Municipality m, Deadline deadline) {
        String at = deadline.dueAt().format(RU);
        return (m.zone().getId().equals(deadline.timeZone()) ? at + " по местному времени"
                : at + " (" + deadline.timeZone() + ")") + (deadline.provisional() ? " (предварительно)" : "");
    }

    /** After a text with a date marked provisional: why, once however many dates it marks. */
    static final String PROVISIONAL = " Предварительный срок посчитан без переносов выходных дней: официальный"
            + " производственный календарь на этот период ещё не загружен.";

    private static String whyProvisional(Deadline... deadlines) {
        for (Deadline deadline : deadlines) {
            if (deadline != null && deadline.provisional()) {
                return PROVISIONAL;
            }
        }
        return "";
    }

    private static String name(Municipality m, String recipientId) {
        return m.recipient(recipientId).map(ru.mcu.marshrut.recipients.Recipient::name).orElse(recipientId);
    }
}
