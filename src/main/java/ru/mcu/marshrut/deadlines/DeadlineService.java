package ru.mcu.marshrut.deadlines;

import java.time.OffsetDateTime;
import java.time.ZonedDateTime;

import java.util.Map;

/**
 * Deadlines for decisions and for direct questions, from the class catalog and the production calendar.
 * Plain and immutable; {@link DeadlineProducer} makes the application's instance from the settings.
 */
public class DeadlineService {

    private final DeadlineCalculator calculator;
    private final DeadlineClassCatalog catalog;
    private final int messageWorkingDays;
    private final Map<String, Integer> messageWorkingDaysByCategory;
    /** Each class's basis tail, made once: every deadline's basis ends with one. */
    private final Map<DeadlineClass, String> basisTails = new java.util.concurrent.ConcurrentHashMap<>();

    public DeadlineService(DeadlineCalculator calculator, DeadlineClassCatalog catalog, int messageWorkingDays,
            Map<String, Integer> messageWorkingDaysByCategory) {
        this.calculator = calculator;
        this.catalog = catalog;
        this.messageWorkingDays = messageWorkingDays;
        // Keyed in the rubricator's spelling, as items' categories are read: a key written «Молодежная политика»
        // applies to the items of «Молодёжная политика»
        Map<String, Integer> spelled = new java.util.HashMap<>();
        messageWorkingDaysByCategory.forEach((category, days) -> spelled.put(spelling(category), days));
        this.messageWorkingDaysByCategory = Map.copyOf(spelled);
    }

    private static String spelling(String category) {
        return ru.mcu.marshrut.model.Rubricator.shipped().spellingOf(category).orElse(category);
    }

    /** The same settings and deadline classes on another version of the production calendars (for replay). */
    public DeadlineService withCalendar(ProductionCalendar other) {
        return new DeadlineService(new DeadlineCalculator(other), catalog, messageWorkingDays, messageWorkingDaysByCategory);
    }

    /** The same settings and calendar with another version of the deadline classes (for replay). */
    public DeadlineService withCatalog(DeadlineClassCatalog other) {
        return new DeadlineService(calculator, other, messageWorkingDays, messageWorkingDaysByCategory);
    }

    public DeadlineClassCatalog catalog() {
        return catalog;
    }

    public DeadlineCalculator calculator() {
        return calculator;
    }

    /** The deadline of a routing decision; the class is chosen by the deadline-class DMN. */
    public Deadline forItem(WorkingTime m, ZonedDateTime receivedAt, DeadlineClassCatalog.Key key,
            OffsetDateTime answerAt, String category) {
        DeadlineClassCatalog.Selection selection = catalog.select(key).orElseThrow(() -> new IllegalStateException(
                "deadline-classes.dmn selects no class for " + key));
        return compute(m, receivedAt, selection.deadlineClass(), answerAt, category);
    }

    /** The moderation step's own deadline (the coordinator distributes the item), from receipt. */
    public Deadline moderation(WorkingTime m, ZonedDateTime receivedAt) {
        return compute(m, receivedAt, catalog.moderation(), null, null);
    }

    public Deadline byClass(WorkingTime m, ZonedDateTime start, DeadlineClass c, OffsetDateTime answerAt,
            String category) {
        return compute(m, start, c, answerAt, category);
    }

    public Deadline direct(WorkingTime m, ZonedDateTime start, int amount, TimeUnit unit, DayOffRule rule) {
        covered(start);
        DeadlineCalculator.DueDate due = calculator.compute(start, amount, unit, rule, m.workingHours(), m.zone());
        return new Deadline(null, due.dueAt().toOffsetDateTime(), m.zone().getId(), due.basis(), null, due.provisional());
    }

    private Deadline compute(WorkingTime m, ZonedDateTime start, DeadlineClass c, OffsetDateTime answerAt,
            String category) {
        covered(start);
        if (c.unit() == TimeUnit.PLATFORM) {
            if (answerAt == null) {
                throw new IllegalArgumentException("Class " + c.name() + " needs the platform's answerAt");
            }
            // Validate the platform's date against the calendar too: a date we cannot check is an error.
            try {
                calculator.calendar().isWorkingDay(answerAt.atZoneSameInstant(m.zone()).toLocalDate());
            } catch (CalendarRangeException e) {
                throw e.ofPlatformDate();
            }
            OffsetDateTime due = answerAt.atZoneSameInstant(m.zone()).toOffsetDateTime();
            return new Deadline(c.name(), due, m.zone().getId(),
                    "до " + due.format(java.time.format.DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm")) + " ("
                            + m.zone().getId() + "); класс «" + c.title() + "», основание — " + c.legalBasis(), c.ruleId());
        }
        int amount = c.amount() != null ? c.amount() : messageDays(category);
        DeadlineCalculator.DueDate due = calculator.compute(start, amount, c.unit(), c.dayOffRule(),
                m.workingHours(), m.zone(), basisTails.computeIfAbsent(c, DeadlineClass::basisTail));
        return new Deadline(c.name(), due.dueAt().toOffsetDateTime(), m.zone().getId(), due.basis(), c.ruleId(),
                due.provisional());
    }

    /**
     * A term is counted from a day the calendars cover, even when its due date alone would do (30 days from receipt,
     * a platform's date): an item's working time is counted from receipt afterwards — its summary, the daily check,
     * the rating —, and an item received on a day no calendar covers could take no event and stopped the start.
     */
    private void covered(ZonedDateTime start) {
        calculator.calendar().isWorkingDay(start.toLocalDate());
    }

    private int messageDays(String category) {
        if (category != null) {
            Integer byCategory = messageWorkingDaysByCategory.get(category);
            if (byCategory == null && !messageWorkingDaysByCategory.isEmpty()) {
                byCategory = messageWorkingDaysByCategory.get(spelling(category)); // a caller of POST /deadlines
            }
            if (byCategory != null) {
                return byCategory;
            }
        }
        return messageWorkingDays;
    }
}
