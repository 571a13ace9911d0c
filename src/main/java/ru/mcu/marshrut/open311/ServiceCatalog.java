package ru.mcu.marshrut.open311;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import ru.mcu.marshrut.model.Rubricator;

/**
 * The ПОС rubricator as Open311 services. Every sphere (category) is one service — "anything in this sphere" — and
 * every known subcategory another, grouped under its sphere. A {@code service_code} is the name transliterated by
 * the ICAO Doc 9303 table (the one of Russian international passports), lower case, words joined by
 * {@code -}; a subcategory's code is its sphere's code, a dot and its own: «Дороги» → {@code dorogi}, «Дороги /
 * Состояние дорог» → {@code dorogi.sostoianie-dorog}, «ЖКХ / Теплоснабжение» → {@code zhkkh.teplosnabzhenie}. The code
 * depends only on the names, so it stays the same when the rubricator grows; two names that would share a code stop
 * the start with an error.
 */
@ApplicationScoped
public class ServiceCatalog {

    /** One service: its code and the rubricator names it stands for ({@code subcategory} null for a sphere). */
    public record Service(String code, String name, String group, String description, List<String> keywords,
            String category, String subcategory) {
    }

    private final Map<String, Service> byCode;

    public ServiceCatalog() {
        this(Rubricator.load());
    }

    ServiceCatalog(Rubricator rubricator) {
        Map<String, Service> map = new LinkedHashMap<>();
        for (String category : rubricator.categories()) {
            String sphere = slug(category);
            add(map, new Service(sphere, category, category,
                    "Сообщение в сфере «" + category + "»", List.of(category.toLowerCase(Locale.ROOT)), category, null));
            List<String> subs = new ArrayList<>(rubricator.subcategories(category));
            Collections.sort(subs);
            for (String sub : subs) {
                add(map, new Service(sphere + "." + slug(sub), sub, category,
                        "Сообщение в сфере «" + category + "», подкатегория «" + sub + "»",
                        List.of(sub.toLowerCase(Locale.ROOT), category.toLowerCase(Locale.ROOT)), category, sub));
            }
        }
        this.byCode = Collections.unmodifiableMap(map);
    }

    private static void add(Map<String, Service> map, Service s) {
        Service clash = map.putIfAbsent(s.code(), s);
        if (clash != null) {
            throw new IllegalStateException("Open311 service_code \"" + s.code() + "\" would stand for both «"
                    + label(clash) + "» and «" + label(s) + "»: rename one in rubricator.json");
        }
    }

    private static String label(Service s) {
        return s.subcategory() == null ? s.category() : s.category() + " / " + s.subcategory();
    }

    /** Spheres first, each followed by its subcategories; spheres in alphabetical order. */
    public List<Service> all() {
        return List.copyOf(byCode.values());
    }

    public Optional<Service> find(String code) {
        return code == null ? Optional.empty() : Optional.ofNullable(byCode.get(code));
    }

    /** The service of an item's category and subcategory (the sphere's when the subcategory is not one). */
    public Optional<Service> of(String category, String subcategory) {
        if (category == null) {
            return Optional.empty();
        }
        String sphere = slug(category);
        if (subcategory != null) {
            Service s = byCode.get(sphere + "." + slug(subcategory));
            if (s != null && category.equals(s.category())) {
                return Optional.of(s);
            }
        }
        return Optional.ofNullable(byCode.get(sphere)).filter(s -> category.equals(s.category()));
    }

    private static final String[] CYRILLIC = { "а", "a", "б", "b", "в", "v", "г", "g", "д", "d", "е", "e", "ё", "e",
            "ж", "zh", "з", "z", "и", "i", "й", "i", "к", "k", "л", "l", "м", "m", "н", "n", "о", "o", "п", "p", "р", "r",
            "с", "s", "т", "t", "у", "u", "ф", "f", "х", "kh", "ц", "ts", "ч", "ch", "ш", "sh", "щ", "shch", "ъ", "ie",
            "ы", "y", "ь", "", "э", "e", "ю", "iu", "я", "ia" };
    private static final Map<Character, String> LATIN = new LinkedHashMap<>();

    static {
        for (int i = 0; i < CYRILLIC.length; i += 2) {
            LATIN.put(CYRILLIC[i].charAt(0), CYRILLIC[i + 1]);
        }
    }

    /** Lower case, Cyrillic transliterated, every run of other characters one {@code -}, none at either end. */
    static String slug(String name) {
        StringBuilder out = new StringBuilder();
        boolean gap = false;
        for (char c : name.toLowerCase(Locale.ROOT).toCharArray()) {
            String latin = LATIN.get(c);
            if (latin == null && (c >= 'a' && c <= 'z' || c >= '0' && c <= '9')) {
                latin = String.valueOf(c);
            }
            if (latin == null) {
                gap = true;
                continue;
            }
            if (latin.isEmpty()) {
                continue; // ь: no letter, and no gap either
            }
            if (gap && out.length() > 0) {
                out.append('-');
            }
            gap = false;
            out.append(latin);
        }
        return out.toString();
    }
}
