package ru.mcu.marshrut.model;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The ПОС rubricator: spheres (categories) and their known subcategories. Autorules are checked against it, and items
 * and autorule cells are read in its spelling.
 */
public final class Rubricator {

    private final Map<String, Set<String>> spheres;
    /** A category's folded text → its spelling here; texts two categories fold to are left out (none in the shipped one). */
    private final Map<String, String> categoryByFold;
    /** A known subcategory's folded text → its spelling here, whatever its category (one spelling for both sides). */
    private final Map<String, String> subcategoryByFold;
    private final Set<String> knownSubcategories;
    /**
     * Readings of texts folded once already (items name a limited set of categories and subcategories, most of them
     * unknown here, and routing reads them on every decision): bounded, so that what senders write cannot grow it.
     */
    private final Map<String, Optional<String>> categoryReadings = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Optional<String>> subcategoryReadings = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_READINGS = 4096;

    public Rubricator(Map<String, Set<String>> spheres) {
        this.spheres = Map.copyOf(spheres);
        this.categoryByFold = byFold(spheres.keySet());
        Set<String> subs = new java.util.HashSet<>();
        spheres.values().forEach(subs::addAll);
        this.subcategoryByFold = byFold(subs);
        this.knownSubcategories = Set.copyOf(subs);
    }

    /** The rubricator shipped with the service, read once. */
    public static Rubricator shipped() {
        return Shipped.RUBRICATOR;
    }

    private static final class Shipped {
        static final Rubricator RUBRICATOR = load();
    }

    /**
     * Text as people and systems happen to write it, folded: one Unicode form (NFC), no outer spaces and single inner
     * ones (a no-break space is a space), lower case, ё read as е: «Молодёжная  политика» and «молодежная политика»
     * fold alike. One pass, no pattern: a routed item's subcategory is folded on every decision unless it is a known one.
     */
    public static String fold(String text) {
        String t = nfc(text);
        StringBuilder b = new StringBuilder(t.length());
        boolean space = false;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                space = b.length() > 0;
                continue;
            }
            if (space) {
                b.append(' ');
                space = false;
            }
            char lower = Character.toLowerCase(c);
            b.append(lower == 'ё' ? 'е' : lower);
        }
        return b.toString();
    }

    /**
     * The text in Unicode's composed form (NFC): «й» sent as «и» and a combining breve reads as «й». Latin-1 and
     * Cyrillic letters are composed already and need no check (almost every item's text is only these), so the
     * normalizer is asked only about a text with other characters.
     */
    public static String nfc(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x300 && (c < 0x400 || c > 0x4FF)) {
                return java.text.Normalizer.isNormalized(text, java.text.Normalizer.Form.NFC) ? text
                        : java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFC);
            }
        }
        return text;
    }

    private static Map<String, String> byFold(Set<String> spellings) {
        Map<String, String> map = new java.util.HashMap<>();
        Set<String> ambiguous = new java.util.HashSet<>();
        for (String s : spellings) {
            if (map.putIfAbsent(fold(s), s) != null) {
                ambiguous.add(fold(s));
            }
        }
        ambiguous.forEach(map::remove);
        return Map.copyOf(map);
    }

    /**
     * How the rubricator spells a category written another way (ё as е, case, spaces, Unicode form). Empty when the
     * text is spelled as here already, or names no category.
     */
    public Optional<String> spellingOf(String category) {
        if (category == null || spheres.containsKey(category)) {
            return Optional.empty();
        }
        return reading(category, categoryByFold, categoryReadings);
    }

    /**
     * The same for a subcategory among the known ones of every category: items and autorule cells are read alike
     * whatever their category says (a cell under {@code -} or {@code not(...)} names none).
     */
    public Optional<String> subcategorySpellingOf(String subcategory) {
        if (subcategory == null || knownSubcategories.contains(subcategory)) {
            return Optional.empty();
        }
        return reading(subcategory, subcategoryByFold, subcategoryReadings);
    }

    private static Optional<String> reading(String text, Map<String, String> byFold,
            Map<String, Optional<String>> readings) {
        Optional<String> known = readings.get(text);
        if (known != null) {
            return known;
        }
        String spelled = byFold.get(fold(text));
        Optional<String> read = spelled == null || spelled.equals(text) ? Optional.empty()
                : Optional.of(spelled);
        if (readings.size() < MAX_READINGS) {
            readings.put(text, read);
        }
        return read;
    }

    public static Rubricator load() {
        try (InputStream in = Rubricator.class.getClassLoader().getResourceAsStream("rubricator.json")) {
            if (in == null) {
                throw new IllegalStateException("rubricator.json is not shipped");
            }
            JsonNode root = ru.mcu.marshrut.JsonSettings.newMapper().readTree(in);
            Map<String, Set<String>> map = new LinkedHashMap<>();
            root.get("spheres").fields().forEachRemaining(e -> {
                java.util.LinkedHashSet<String> subs = new java.util.LinkedHashSet<>();
                e.getValue().forEach(v -> subs.add(v.asText()));
                map.put(e.getKey(), Set.copyOf(subs));
            });
            return new Rubricator(map);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read rubricator.json", e);
        }
    }

    public boolean hasCategory(String category) {
        return spheres.containsKey(category);
    }

    /** Known subcategories of a category; empty when none are confirmed (then nothing is checked). */
    public Set<String> subcategories(String category) {
        return spheres.getOrDefault(category, Set.of());
    }

    public List<String> categories() {
        return List.copyOf(new java.util.TreeSet<>(spheres.keySet()));
    }
}
