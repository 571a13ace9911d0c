package ru.mcu.marshrut.deadlines;

import java.io.InputStream;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The Russian production calendar in xmlcalendar format: {@code t=1} day off, {@code t=2} shortened working
 * day, {@code t=3} working weekend day. Saturdays and Sundays are off unless listed with t=2 or t=3. A year whose
 * file says {@code provisional="true"} ({@link StatutoryCalendar}) counts as loaded, and what is counted on it is
 * marked provisional.
 */
public final class ProductionCalendar {

    private final Map<Integer, Year> years;
    /** The years by {@code year - firstYear}: a deadline looks up a year per day counted, without boxing the year. */
    private final Year[] byYear;
    private final int firstYear;
    private final String loadedYears;
    /** The calendar files as read (ru-YYYY.xml → text), and their hash: kept for replay like the rule files. */
    private final Map<String, String> sources;
    private final String hash;

    private ProductionCalendar(Map<Integer, Year> years, Map<String, String> sources) {
        this.years = Map.copyOf(years);
        this.firstYear = years.keySet().stream().mapToInt(Integer::intValue).min().orElse(0);
        this.byYear = new Year[years.isEmpty() ? 0 : years.keySet().stream().mapToInt(Integer::intValue).max().getAsInt() - firstYear + 1];
        years.forEach((y, days) -> byYear[y - firstYear] = days);
        this.sources = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(sources));
        StringBuilder all = new StringBuilder();
        this.sources.forEach((name, xml) -> all.append(name).append('\n').append(xml));
        this.hash = ru.mcu.marshrut.dmn.RuleSources.sha256(all.toString());
        this.loadedYears = new TreeSet<>(years.keySet()).stream()
                .map(y -> years.get(y).provisional() ? y + " (предварительный)" : String.valueOf(y))
                .collect(Collectors.joining(", "));
    }

    /** Loads {@code calendar/ru-YYYY.xml} from the classpath for each year. */
    public static ProductionCalendar fromClasspath(Iterable<Integer> yearList) {
        return load(yearList, null);
    }

    /**
     * Loads each year from {@code dir/ru-YYYY.xml} when that file exists (a newly published calendar, without a
     * rebuild), else from the calendars shipped in the jar; a year found in neither is a start-up error.
     */
    public static ProductionCalendar load(Iterable<Integer> yearList, java.nio.file.Path dir) {
        Map<String, String> sources = new HashMap<>();
        for (int year : yearList) {
            String name = "ru-" + year + ".xml";
            java.nio.file.Path file = dir == null ? null : dir.resolve(name);
            try (InputStream in = file != null && java.nio.file.Files.isRegularFile(file) ? java.nio.file.Files.newInputStream(file)
                    : ProductionCalendar.class.getClassLoader().getResourceAsStream("calendar/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("Production calendar " + name + " is neither shipped nor in "
                            + (dir == null ? "marshrut.calendar.dir (not set)" : dir));
                }
                sources.put(name, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            } catch (java.io.IOException e) {
                throw new IllegalStateException("Cannot read production calendar " + name, e);
            }
        }
        return fromSources(sources);
    }

    /** The calendar of the given files {@code ru-YYYY.xml} → their text (as {@link #sources()} gives them). */
    public static ProductionCalendar fromSources(Map<String, String> files) {
        Map<Integer, Year> map = new HashMap<>();
        files.forEach((name, xml) -> {
            int year = Integer.parseInt(name.replaceAll("\\D", ""));
            map.put(year, parse(year, new java.io.ByteArrayInputStream(xml.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        });
        return new ProductionCalendar(map, files);
    }

    /**
     * This calendar and, when the year after its last one is not loaded, that year as the Labour Code gives it
     * ({@link StatutoryCalendar}): items keep being routed while the Government's decree for the year is awaited or
     * the operator has not added it yet, their deadlines marked provisional, rather than refused.
     */
    public ProductionCalendar withProvisionalNextYear() {
        if (years.isEmpty()) {
            return this;
        }
        int next = firstYear + byYear.length;
        Map<String, String> files = new HashMap<>(sources);
        files.put(StatutoryCalendar.sourceName(next), StatutoryCalendar.xml(next));
        return fromSources(files);
    }

    /** Whether {@code date} lies in a loaded year that is only provisional (false outside the loaded years). */
    public boolean isProvisional(LocalDate date) {
        int i = date.getYear() - firstYear;
        Year y = i >= 0 && i < byYear.length ? byYear[i] : null;
        return y != null && y.provisional();
    }

    /**
     * Whether any day of [{@code from}, {@code to}] could change when its year's official calendar is loaded: a day of a
     * provisional year that is not a holiday of the Labour Code's art. 112 part 1 (those are days off in every year's
     * decree; the decree moves other days both ways).
     */
    public boolean isProvisional(LocalDate from, LocalDate to) {
        if (!isProvisional(to) && !isProvisional(from)) {
            return false; // the provisional year is the one after the official ones: a range of days reaches it at an end
        }
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            if (isProvisional(d) && !StatutoryCalendar.isHoliday(d)) {
                return true;
            }
        }
        return false;
    }

    /** The loaded years that are only provisional, in order. */
    public java.util.List<Integer> provisionalYears() {
        return years.entrySet().stream().filter(e -> e.getValue().provisional()).map(Map.Entry::getKey).sorted().toList();
    }

    public Map<String, String> sources() {
        return sources;
    }

    public String hash() {
        return hash;
    }

    static Year parse(int expectedYear, InputStream in) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = f.newDocumentBuilder().parse(in);
            Element root = doc.getDocumentElement();
            int year = Integer.parseInt(root.getAttribute("year"));
            boolean provisional = "true".equals(root.getAttribute("provisional"));
            if (year != expectedYear) {
                throw new IllegalStateException("Calendar file for " + expectedYear + " says year " + year);
            }
            Set<LocalDate> off = new HashSet<>(), shortened = new HashSet<>(), workingWeekend = new HashSet<>();
            NodeList days = root.getElementsByTagName("day");
            for (int i = 0; i < days.getLength(); i++) {
                Element d = (Element) days.item(i);
                String[] md = d.getAttribute("d").split("\\.");
                LocalDate date = LocalDate.of(year, Integer.parseInt(md[0]), Integer.parseInt(md[1]));
                switch (d.getAttribute("t")) {
                    case "1" -> off.add(date);
                    case "2" -> shortened.add(date);
                    case "3" -> workingWeekend.add(date);
                    default -> throw new IllegalStateException("Unknown day type t=" + d.getAttribute("t") + " on " + date);
                }
            }
            return new Year(Set.copyOf(off), Set.copyOf(shortened), Set.copyOf(workingWeekend), provisional);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Malformed production calendar for " + expectedYear, e);
        }
    }

    public boolean isWorkingDay(LocalDate date) {
        Year y = year(date);
        if (y.off.contains(date)) {
            return false;
        }
        DayOfWeek dow = date.getDayOfWeek();
        if (dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY) {
            return y.shortened.contains(date) || y.workingWeekend.contains(date);
        }
        return true;
    }

    /** A pre-holiday working day, one hour shorter (Labour Code art. 95). */
    public boolean isShortened(LocalDate date) {
        return year(date).shortened.contains(date);
    }

    /**
     * The last day of the run of loaded years that starts with {@code day}'s year (31 December of the last one), or
     * empty when {@code day} is not covered at all.
     */
    public java.util.Optional<LocalDate> coveredUntil(LocalDate day) {
        return runUntil(day, y -> true);
    }

    /**
     * The last day of the run of official (not provisional) years that starts with {@code day}'s year, or empty when
     * that year is provisional or not loaded.
     */
    public java.util.Optional<LocalDate> officialUntil(LocalDate day) {
        return runUntil(day, y -> !y.provisional());
    }

    /** 31 December of the last of the consecutive loaded years {@code counts} keeps, from {@code day}'s year on. */
    private java.util.Optional<LocalDate> runUntil(LocalDate day, java.util.function.Predicate<Year> counts) {
        int year = day.getYear();
        if (!years.containsKey(year) || !counts.test(years.get(year))) {
            return java.util.Optional.empty();
        }
        while (years.containsKey(year + 1) && counts.test(years.get(year + 1))) {
            year++;
        }
        return java.util.Optional.of(LocalDate.of(year, 12, 31));
    }

    public String loadedYears() {
        return loadedYears;
    }

    private Year year(LocalDate date) {
        int i = date.getYear() - firstYear;
        Year y = i >= 0 && i < byYear.length ? byYear[i] : null;
        if (y == null) {
            throw new CalendarRangeException(date, loadedYears);
        }
        return y;
    }

    record Year(Set<LocalDate> off, Set<LocalDate> shortened, Set<LocalDate> workingWeekend, boolean provisional) {
    }
}
