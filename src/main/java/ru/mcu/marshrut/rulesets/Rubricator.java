package ru.mcu.marshrut.rulesets;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/** The ПОС rubricator autorules are checked against: spheres (categories) and their known subcategories. */
public final class Rubricator {

    private final Map<String, Set<String>> spheres;

    public Rubricator(Map<String, Set<String>> spheres) {
        this.spheres = Map.copyOf(spheres);
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
