package ru.mcu.marshrut.operations;

import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import ru.mcu.marshrut.MarshrutConfig;
import ru.mcu.marshrut.deadlines.DeadlineService;
import ru.mcu.marshrut.deadlines.ProductionCalendar;
import ru.mcu.marshrut.municipalities.Municipality;
import ru.mcu.marshrut.municipalities.MunicipalityCatalog;

/**
 * Deadlines need the production calendar of the day: DOWN when today (in the easternmost municipality, whose day
 * starts first) is not covered, even provisionally; a warning in the check's data and in the log from
 * {@code warn-days-before} days before the official calendars end, while next year's can still be added, and for as
 * long as a provisional year is counted on (README, "Production calendar").
 */
@Readiness
@ApplicationScoped
public class CalendarReadiness extends DetailedReadiness {

    static final String NAME = "production-calendar";

    private static final Logger LOG = Logger.getLogger(CalendarReadiness.class);

    private final ProductionCalendar calendar;
    private final MunicipalityCatalog municipalities;
    private final int warnDays;
    private final Clock clock;
    /** Calendar files in {@code marshrut.calendar.dir} whose years are not in {@code marshrut.calendar.years}. */
    private final java.util.List<String> unread;
    private volatile LocalDate warnedOn;

    @jakarta.inject.Inject
    public CalendarReadiness(DeadlineService deadlines, MunicipalityCatalog municipalities, MarshrutConfig config) {
        this(deadlines.calculator().calendar(), municipalities, config.calendar().warnDaysBefore(), Clock.systemUTC(),
                unreadFiles(config.calendar().dir().map(java.nio.file.Path::of), config.calendar().years()));
    }

    CalendarReadiness(ProductionCalendar calendar, MunicipalityCatalog municipalities, int warnDays, Clock clock) {
        this(calendar, municipalities, warnDays, clock, java.util.List.of());
    }

    CalendarReadiness(ProductionCalendar calendar, MunicipalityCatalog municipalities, int warnDays, Clock clock,
            java.util.List<String> unread) {
        this.calendar = calendar;
        this.municipalities = municipalities;
        this.warnDays = warnDays;
        this.clock = clock;
        this.unread = unread;
    }

    /**
     * The {@code ru-YYYY.xml} files of the calendar directory for years the configuration does not name, in order:
     * only the years named are read, so a file dropped there without its year is not used, however long it waits
     * (the provisional year, or a refusal, goes on instead). Read once, at start, as the calendars are.
     */
    static java.util.List<String> unreadFiles(Optional<java.nio.file.Path> dir, java.util.List<Integer> years) {
        if (dir.isEmpty() || !java.nio.file.Files.isDirectory(dir.get())) {
            return java.util.List.of();
        }
        try (var files = java.nio.file.Files.list(dir.get())) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("ru-\\d{4}\\.xml"))
                    .filter(n -> !years.contains(Integer.parseInt(n.substring(3, 7)))).sorted().toList();
        } catch (java.io.IOException e) {
            return java.util.List.of(); // the calendars themselves were read from there at start: nothing to add
        }
    }

    /** The operator's likely slip, said wherever the calendars' state is: the file is there, its year is not named. */
    private Optional<String> unreadWarning() {
        return unread.isEmpty() ? Optional.empty() : Optional.of("В каталоге календарей есть " + String.join(", ", unread)
                + ", но " + (unread.size() == 1 ? "этого года" : "этих годов") + " нет в marshrut.calendar.years"
                + " (MARSHRUT_CALENDAR_YEARS): файл не читается; добавьте год и перезапустите сервис");
    }

    /** What the check found for a day. */
    record Coverage(LocalDate today, Optional<LocalDate> until, long daysLeft, boolean up, String warning) {
    }

    Coverage coverage(LocalDate today) {
        Optional<LocalDate> until = calendar.coveredUntil(today);
        if (until.isEmpty()) {
            return new Coverage(today, until, -1, false, "Производственный календарь на " + today.getYear()
                    + " год не загружен (загружены: " + calendar.loadedYears() + "); сроки не рассчитываются"
                    + unreadWarning().map(w -> ". " + w).orElse(""));
        }
        long left = ChronoUnit.DAYS.between(today, until.get());
        java.util.List<String> warnings = new java.util.ArrayList<>(3);
        unreadWarning().ifPresent(warnings::add);
        // A provisional year (the Labour Code without the Government's transfers) keeps items routed, but their
        // deadlines may still move: the official calendar is asked for as long as one is counted on
        Optional<LocalDate> official = calendar.officialUntil(today);
        java.util.List<Integer> provisional = calendar.provisionalYears();
        if (!provisional.isEmpty() && (official.isEmpty() || ChronoUnit.DAYS.between(today, official.get()) < warnDays)) {
            int year = provisional.get(0);
            warnings.add(official.map(o -> "Официальный производственный календарь загружен по " + o + " (осталось дней: "
                    + ChronoUnit.DAYS.between(today, o) + ")").orElse("Официальный производственный календарь на " + year
                    + " год не загружен") + "; сроки, выпадающие на " + year + " год, считаются предварительно по ст. 95 и"
                    + " 112 ТК РФ, без переносов выходных постановлением Правительства РФ: добавьте календарь на " + year + " год");
        }
        // Deadlines run ahead of today: a 59-ФЗ appeal is due 30 days on (60 when extended), so items are refused well
        // before the last covered day — the warning says so, and starts early enough (90 days by default)
        if (left < warnDays) {
            warnings.add("Производственный календарь загружен по " + until.get() + "; добавьте календарь на "
                    + (until.get().getYear() + 1) + " год (осталось дней: " + left + "): сообщения, срок которых выпадает"
                    + " позже, отклоняются (обращение по 59-ФЗ — 30 дней, с продлением 60)");
        }
        return new Coverage(today, until, left, true, warnings.isEmpty() ? null : String.join(". ", warnings));
    }

    /** The latest calendar day among the municipalities served: that one runs out first. */
    LocalDate today() {
        LocalDate latest = LocalDate.now(clock);
        for (Municipality m : municipalities.all()) {
            LocalDate d = LocalDate.now(clock.withZone(m.zone()));
            if (d.isAfter(latest)) {
                latest = d;
            }
        }
        return latest;
    }

    @Override
    protected String name() {
        return NAME;
    }

    @Override
    public HealthCheckResponse detailed() {
        Coverage c = coverage(today());
        if (c.warning() != null && !c.today().equals(warnedOn)) {
            warnedOn = c.today();
            LOG.warn(c.warning());
        }
        var b = HealthCheckResponse.named(NAME).status(c.up())
                .withData("today", c.today().toString())
                .withData("loadedYears", calendar.loadedYears());
        if (!calendar.provisionalYears().isEmpty()) {
            b.withData("provisionalYears", calendar.provisionalYears().toString());
        }
        if (!unread.isEmpty()) {
            b.withData("unreadFiles", String.join(", ", unread));
        }
        c.until().ifPresent(u -> b.withData("coveredUntil", u.toString()).withData("daysLeft", c.daysLeft()));
        if (c.warning() != null) {
            b.withData("warning", c.warning());
        }
        return b.build();
    }
}
