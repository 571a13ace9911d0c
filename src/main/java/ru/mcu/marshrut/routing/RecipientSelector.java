package ru.mcu.marshrut.routing;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.annotation.JsonInclude;

import ru.mcu.marshrut.municipalities.Municipality;
import ru.mcu.marshrut.recipients.Recipient;
import ru.mcu.marshrut.recipients.RecipientState;

/**
 * After an autorule names its recipients (one, or several of equal rank), picks who actually takes the item:
 * an absent recipient is replaced by its deputy; one at capacity is skipped; among those who can take it the
 * least loaded wins (ties: the order the row lists them). Pure: the states are given.
 */
public final class RecipientSelector {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd.MM.yyyy");

    private RecipientSelector() {
    }

    /** The state routing saw for one recipient, and what it made of it; stored with the decision. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StateNote(String recipientId, String verdict, LocalDate absentFrom, LocalDate absentTo,
            String deputyId, Integer capacity, int openItems) {

        static StateNote of(RecipientState s, String verdict) {
            var a = s.absence();
            return new StateNote(s.recipientId(), verdict, a == null ? null : a.from(), a == null ? null : a.to(),
                    a == null ? null : a.deputyId(), s.capacity(), s.openItems());
        }
    }

    /**
     * The states a decision recorded, as routing would see them again (replay); a recipient it did not consult is taken
     * as idle.
     */
    public static java.util.function.BiFunction<String, String, RecipientState> recorded(List<StateNote> notes) {
        return recorded(notes, (m, id) -> RecipientState.idle(id));
    }

    /**
     * What another table would have met (simulation, what-if; not replay): the states the decision recorded, and a
     * recipient it did not consult — whose state then nobody wrote down — with its absences as {@code today} knows
     * them (they are dated, and judged on the item's day) and no load, where it used to be taken as present and idle.
     */
    public static java.util.function.BiFunction<String, String, RecipientState> recordedOrDatedAbsences(List<StateNote> notes,
            java.util.function.BiFunction<String, String, RecipientState> today) {
        return recorded(notes, (m, id) -> new RecipientState(id, today.apply(m, id).absence(), null, 0));
    }

    /** As {@link #recorded(List)}, with {@code unrecorded} for a recipient the decision did not consult. */
    public static java.util.function.BiFunction<String, String, RecipientState> recorded(List<StateNote> notes,
            java.util.function.BiFunction<String, String, RecipientState> unrecorded) {
        java.util.Map<String, RecipientState> seen = new java.util.LinkedHashMap<>();
        if (notes != null) {
            for (StateNote n : notes) {
                RecipientState.Absence absence = n.absentFrom() == null ? null
                        : new RecipientState.Absence(n.absentFrom(), n.absentTo(), n.deputyId());
                seen.putIfAbsent(n.recipientId(), new RecipientState(n.recipientId(), absence, n.capacity(), n.openItems()));
            }
        }
        return (m, id) -> {
            RecipientState s = seen.get(id);
            return s != null ? s : unrecorded.apply(m, id);
        };
    }

    /** {@code chosen} is null when nobody can take the item; {@code explanation} says why, in Russian. */
    public record Selection(Recipient chosen, List<StateNote> snapshot, String explanation) {
    }

    /**
     * A recipient that can take the item; for a deputy, {@code whyIndex} is where the note on the absent recipient it
     * stands in for goes (-1: none), {@code absent} that note's start.
     */
    private record Option(Recipient recipient, int load, int whyIndex, String absent) {
    }

    /** The co-executors who join the item, what routing saw of their states, and what it says of them (or null). */
    public record CoExecutors(List<Recipient> chosen, List<StateNote> snapshot, String explanation) {
    }

    /**
     * The co-executors a row and the intake rules name, an absent one replaced by its deputy (named for the absence,
     * else the registry's) when that deputy is present and not already on the item; one without a present deputy stays
     * (its desk still receives the item), and the explanation says it is absent. An absent co-executor used to be put
     * on the item without a word. Their limits of open items are not asked: a co-executor does not hold the item.
     */
    public static CoExecutors coExecutors(Municipality m, java.util.Collection<String> listed, String holder,
            LocalDate day, Function<String, RecipientState> states) {
        java.util.LinkedHashMap<String, Recipient> chosen = new java.util.LinkedHashMap<>();
        List<StateNote> snapshot = new ArrayList<>(0);
        List<String> why = new ArrayList<>(0);
        for (String id : listed) {
            Recipient r = m.recipient(id).orElse(null);
            if (r == null) {
                continue; // a table names only registered recipients; an id the intake rules name may be another's
            }
            RecipientState s = states.apply(id);
            if (!s.absentOn(day)) {
                chosen.putIfAbsent(id, r);
                continue;
            }
            snapshot.add(StateNote.of(s, "ABSENT"));
            String deputyId = s.absence().deputyOr(r.deputyId());
            Recipient deputy = deputyId == null ? null : m.recipient(deputyId).orElse(null);
            String absent = "соисполнитель «" + r.name() + "» отсутствует по " + DATE.format(s.absence().to());
            RecipientState ds = deputy == null ? null : states.apply(deputyId);
            if (deputy == null) {
                why.add(absent + ", заместитель не назначен: соисполнителем остаётся «" + r.name() + "»");
                chosen.putIfAbsent(id, r);
            } else if (ds.absentOn(day)) {
                snapshot.add(StateNote.of(ds, "ABSENT"));
                why.add(absent + ", заместитель «" + deputy.name() + "» тоже отсутствует: соисполнителем остаётся «"
                        + r.name() + "»");
                chosen.putIfAbsent(id, r);
            } else {
                snapshot.add(StateNote.of(ds, "DEPUTY"));
                if (deputyId.equals(holder) || listed.contains(deputyId)) {
                    why.add(absent + ", заместитель «" + deputy.name() + "» уже участвует в работе с сообщением");
                } else {
                    why.add(absent + ", соисполнителем назначен заместитель «" + deputy.name() + "»");
                    chosen.putIfAbsent(deputyId, deputy);
                }
            }
        }
        return new CoExecutors(List.copyOf(chosen.values()), List.copyOf(snapshot),
                why.isEmpty() ? null : String.join("; ", why));
    }

    public static Selection select(Municipality m, List<String> listed, LocalDate day,
            Function<String, RecipientState> states) {
        List<StateNote> snapshot = new ArrayList<>();
        List<Option> options = new ArrayList<>();
        List<String> why = new ArrayList<>();
        for (String id : listed) {
            Recipient r = m.recipient(id).orElse(null);
            if (r == null) {
                why.add("«" + id + "» нет в реестре получателей");
                continue;
            }
            RecipientState s = states.apply(id);
            if (s.absentOn(day)) {
                snapshot.add(StateNote.of(s, "ABSENT"));
                String deputyId = s.absence().deputyOr(r.deputyId());
                Recipient deputy = deputyId == null ? null : m.recipient(deputyId).orElse(null);
                String absent = "«" + r.name() + "» отсутствует по " + DATE.format(s.absence().to());
                if (deputy == null) {
                    why.add(absent + ", заместитель не назначен");
                    continue;
                }
                RecipientState ds = states.apply(deputyId);
                if (ds.absentOn(day)) {
                    snapshot.add(StateNote.of(ds, "ABSENT"));
                    why.add(absent + ", заместитель «" + deputy.name() + "» тоже отсутствует");
                } else if (ds.atCapacity()) {
                    snapshot.add(StateNote.of(ds, "AT_CAPACITY"));
                    // (worded for any name: a department, an administration, a committee — «загружен» agreed with none
                    // but the masculine)
                    why.add(absent + ", у заместителя «" + deputy.name() + "» достигнут предел открытых сообщений (открыто "
                            + ds.openItems() + ", предел " + ds.capacity() + ")");
                } else {
                    snapshot.add(StateNote.of(ds, "DEPUTY"));
                    // Worded once the choice is made: the deputy may be one option of several, and not the one chosen
                    why.add(null);
                    options.add(new Option(deputy, ds.openItems(), why.size() - 1, absent));
                }
            } else if (s.atCapacity()) {
                snapshot.add(StateNote.of(s, "AT_CAPACITY"));
                why.add("у «" + r.name() + "» достигнут предел открытых сообщений (открыто " + s.openItems() + ", предел "
                        + s.capacity() + ")");
            } else {
                snapshot.add(StateNote.of(s, "AVAILABLE"));
                options.add(new Option(r, s.openItems(), -1, null));
            }
        }
        Option best = null;
        for (Option o : options) {
            if (best == null || o.load() < best.load()) {
                best = o;
            }
        }
        for (Option o : options) {
            if (o.whyIndex() >= 0) {
                why.set(o.whyIndex(), o.absent() + (o == best
                        ? ", сообщение передано заместителю «" + o.recipient().name() + "»"
                        : ", его замещает «" + o.recipient().name() + "» (открыто сейчас: " + o.load() + ")"));
            }
        }
        if (best == null) {
            return new Selection(null, List.copyOf(snapshot), String.join("; ", why));
        }
        String explanation = String.join("; ", why);
        if (options.size() > 1 || !why.isEmpty() && listed.size() > 1) {
            String choice = "выбран равнозначный получатель «" + best.recipient().name() + "» с наименьшей нагрузкой"
                    + " (открыто сейчас: " + best.load() + ")";
            explanation = explanation.isEmpty() ? choice : explanation + "; " + choice;
        }
        return new Selection(best.recipient(), List.copyOf(snapshot), explanation.isEmpty() ? null : explanation);
    }
}
