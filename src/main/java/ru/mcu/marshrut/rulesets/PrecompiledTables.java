package ru.mcu.marshrut.rulesets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;

import ru.mcu.marshrut.dmn.RuleSources;

/**
 * The shipped autorule tables as the build compiled them (build step {@code operations/Precompile}), stored in the
 * jar under the hash of the DMN text: a start whose active versions are the shipped ones (the first start, and every
 * restart until an administrator activates an upload) reads each table here instead of unmarshalling its DMN and
 * parsing every cell's FEEL again. Any other text — an upload, a changed file, another municipality's table — has no
 * entry and is read and compiled as before.
 */
public final class PrecompiledTables {

    static final String FOLDER = "marshrut/autorule-tables/";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PrecompiledTables() {
    }

    /** A table as stored: a cell is {@code ["any"]}, {@code ["in", values…]} or {@code ["not", values…]}. */
    record Stored(String municipality, String description, List<Row> rows) {
        record Row(int index, String id, List<List<String>> conditions, String action, String recipient,
                List<String> coExecutors, String annotation) {
        }
    }

    /** A table read back: its description and its compiled rows. */
    record Compiled(String description, AutoruleTable table) {
    }

    static String resource(String hash) {
        return FOLDER + hash.substring(hash.indexOf(':') + 1) + ".json";
    }

    /** The build's table for this municipality's DMN text, or null when the build did not compile this text for it. */
    static Compiled read(String municipality, String hash) {
        try (InputStream in = PrecompiledTables.class.getClassLoader().getResourceAsStream(resource(hash))) {
            return in == null ? null : parse(in, municipality);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource(hash), e);
        }
    }

    static Compiled parse(InputStream in, String municipality) throws IOException {
        Stored s = MAPPER.readValue(in, Stored.class);
        if (!municipality.equals(s.municipality())) {
            return null; // the same text as another municipality's table: compiled for this one
        }
        List<AutoruleRow> rows = new ArrayList<>(s.rows().size());
        for (Stored.Row r : s.rows()) {
            Condition[] conditions = r.conditions().stream().map(PrecompiledTables::condition).toArray(Condition[]::new);
            rows.add(new AutoruleRow(r.index(), r.id(), conditions, r.action(), r.recipient(), List.copyOf(r.coExecutors()),
                    r.annotation()));
        }
        return new Compiled(s.description(), new AutoruleTable(municipality, List.copyOf(rows)));
    }

    private static Condition condition(List<String> cell) {
        Set<String> values = Collections.unmodifiableSet(new HashSet<>(cell.subList(1, cell.size())));
        return switch (cell.get(0)) {
            case "any" -> Condition.ANY;
            case "in" -> new Condition.OneOf(values);
            case "not" -> new Condition.NoneOf(values);
            default -> throw new IllegalStateException("unknown cell " + cell);
        };
    }

    private static List<String> cell(Condition c) {
        List<String> out = new ArrayList<>();
        Set<String> values = Set.of();
        if (c instanceof Condition.Any) {
            out.add("any");
        } else if (c instanceof Condition.OneOf in) {
            out.add("in");
            values = in.values();
        } else if (c instanceof Condition.NoneOf not) {
            out.add("not");
            values = not.values();
        }
        // Sorted, so that the file is the same on every build (a null — FEEL's null — first).
        values.stream().sorted(java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())).forEach(out::add);
        return out;
    }

    /**
     * Build step: compiles every table in {@code autorulesDir} ({@code <municipality>.dmn}) and writes each under its
     * text's hash where {@link #read} looks it up, after removing an earlier build's tables. A table that does not
     * compile fails the build.
     */
    public static List<Path> precompute(Path autorulesDir, Path classOutput) throws IOException {
        Path folder = classOutput.resolve(FOLDER);
        Files.createDirectories(folder);
        try (var old = Files.list(folder)) {
            for (Path p : old.toList()) {
                Files.delete(p);
            }
        }
        List<Path> written = new ArrayList<>();
        List<Path> sources;
        try (var files = Files.list(autorulesDir)) {
            sources = files.filter(p -> p.getFileName().toString().endsWith(".dmn")).sorted().toList();
        }
        for (Path source : sources) {
            String name = source.getFileName().toString();
            String municipality = name.substring(0, name.length() - ".dmn".length());
            String xml = Files.readString(source, StandardCharsets.UTF_8);
            Path file = classOutput.resolve(resource(RuleSources.sha256(xml)));
            MAPPER.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), stored(Ruleset.compileDmn(municipality, 1,
                    "autorules/" + name, xml)));
            written.add(file);
        }
        return written;
    }

    static Stored stored(Ruleset r) {
        List<Stored.Row> rows = r.table().rows().stream().map(row -> new Stored.Row(row.index(), row.id(),
                Arrays.stream(row.conditions()).map(PrecompiledTables::cell).toList(), row.action(), row.recipient(),
                row.coExecutors(), row.annotation())).toList();
        return new Stored(r.municipality(), r.description(), rows);
    }
}
