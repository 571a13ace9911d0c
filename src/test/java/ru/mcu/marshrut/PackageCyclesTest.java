package ru.mcu.marshrut;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

/**
 * The packages under src/main/java/ru/mcu/marshrut depend on each other without cycles, nothing below the top
 * depends on the top, and the bottom depends on nothing above it. A package is a file's folder below ru/mcu/marshrut ({@code ""} for the root package,
 * {@code audit.log} for ru/mcu/marshrut/audit/log); it depends on every Marshrut package its code names: imports
 * (static and on demand too) and fully qualified names in the code. Comments do not count.
 */
class PackageCyclesTest {

    static final Path SOURCES = Path.of("src/main/java/ru/mcu/marshrut");

    /**
     * The top: the REST API, the Open311 front door and the operations hooks (health, metrics, SIGTERM) are used by
     * the framework only. No package depends on a top package, except that open311 uses api (never the reverse).
     */
    static final Set<String> TOP = Set.of("api", "open311", "operations");
    static final Set<List<String>> ALLOWED_INTO_TOP = Set.of(List.of("open311", "api"));

    /**
     * The bottom: settings and JSON setup (the root package), item vocabularies, caches, DMN handling and metric names
     * are used everywhere, so they depend on no Marshrut package but the root.
     */
    static final Set<String> BOTTOM = Set.of("", "model", "persistence", "dmn", "metrics");

    private static final Pattern REFERENCE = Pattern.compile("\\bru\\.mcu\\.marshrut((?:\\.[a-z_][a-z0-9_]*)*)\\.(?:[A-Z]|\\*)");
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);

    @Test
    void thePackagesOfMarshrutFormNoCycle() throws IOException {
        Map<String, Map<String, Set<String>>> graph = graph(read(SOURCES));
        assertThat(graph).containsKeys("", "api", "routing", "rulesets");
        List<String> cycles = cycles(graph);
        assertThat(cycles).withFailMessage("Package cycles (each edge with the files that make it):%n%s",
                String.join("\n", cycles)).isEmpty();
    }

    @Test
    void noPackageDependsOnTheTopButOpen311OnApi() throws IOException {
        List<String> wrong = intoTop(graph(read(SOURCES)));
        assertThat(wrong).withFailMessage("Dependencies on %s (only %s is allowed):%n%s", TOP, ALLOWED_INTO_TOP,
                String.join("\n", wrong)).isEmpty();
    }

    @Test
    void theBottomDependsOnNothingButTheRootPackage() throws IOException {
        Map<String, Map<String, Set<String>>> graph = graph(read(SOURCES));
        assertThat(graph).containsKeys(BOTTOM.toArray(String[]::new));
        BOTTOM.forEach(p -> assertThat(graph.get(p).keySet()).as("what package \"%s\" depends on: %s", p, graph.get(p))
                .isSubsetOf(""));
    }

    @Test
    void everyFileDeclaresThePackageOfItsFolder() throws IOException {
        read(SOURCES).forEach((file, code) -> {
            Matcher m = PACKAGE.matcher(code);
            assertThat(m.find()).as(file).isTrue();
            assertThat(m.group(1)).as(file).isEqualTo(qualified(packageOf(file)));
        });
    }

    /** The detector on made-up sources: a cycle through a static import and a qualified name is found and named. */
    @Test
    void aCycleIsReportedWithTheFilesOfEachEdge() {
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("a/A.java", "package ru.mcu.marshrut.a;\n\nimport static ru.mcu.marshrut.b.B.VALUE;\n\nclass A {\n}\n");
        sources.put("b/B.java", "package ru.mcu.marshrut.b;\n\nclass B {\n    Object c = new ru.mcu.marshrut.c.C();\n}\n");
        sources.put("c/C.java", "package ru.mcu.marshrut.c;\n\nimport ru.mcu.marshrut.a.*;\n\nclass C {\n}\n");
        sources.put("c/D.java", "package ru.mcu.marshrut.c;\n\nimport ru.mcu.marshrut.Root;\n\nclass D {\n}\n");
        sources.put("Root.java", "package ru.mcu.marshrut;\n\n/** {@link ru.mcu.marshrut.a.A} */\nclass Root {\n"
                + "    // ru.mcu.marshrut.b.B\n    /* ru.mcu.marshrut.c.C */\n"
                + "    String s = \"/*\" + ru.mcu.marshrut.e.E.X + \"*/\" + '\"' + \"\\\"//\" + ru.mcu.marshrut.f.F.X;\n}\n");
        Map<String, Map<String, Set<String>>> graph = graph(sources);

        assertThat(graph.get("")).containsOnlyKeys("e", "f");
        assertThat(graph.get("c")).containsOnlyKeys("a", "");
        List<String> cycles = cycles(graph);
        assertThat(cycles).hasSize(1);
        assertThat(cycles.get(0)).contains("a -> b -> c -> a", "a -> b: a/A.java", "b -> c: b/B.java", "c -> a: c/C.java")
                .doesNotContain("D.java");
    }

    @Test
    void anAcyclicGraphPassesAndADependencyOnTheTopIsReported() {
        Map<String, Map<String, Set<String>>> graph = new TreeMap<>();
        edge(graph, "routing", "rulesets", "routing/RoutingEngine.java");
        edge(graph, "open311", "api", "open311/Open311Resource.java");
        assertThat(cycles(graph)).isEmpty();
        assertThat(intoTop(graph)).isEmpty();

        edge(graph, "routing", "operations", "routing/RoutingService.java");
        edge(graph, "api", "open311", "api/RoutingResource.java");
        assertThat(intoTop(graph)).containsExactly("api -> open311: api/RoutingResource.java",
                "routing -> operations: routing/RoutingService.java");
        assertThat(cycles(graph)).singleElement(InstanceOfAssertFactories.STRING).contains("api -> open311 -> api");
    }

    /** Source files by path relative to {@code root}, with '/' separators. */
    static Map<String, String> read(Path root) throws IOException {
        Map<String, String> sources = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                sources.put(root.relativize(f).toString().replace('\\', '/'), Files.readString(f, StandardCharsets.UTF_8));
            }
        }
        return sources;
    }

    static String packageOf(String file) {
        int slash = file.lastIndexOf('/');
        return slash < 0 ? "" : file.substring(0, slash).replace('/', '.');
    }

    static String qualified(String pkg) {
        return pkg.isEmpty() ? "ru.mcu.marshrut" : "ru.mcu.marshrut." + pkg;
    }

    /** Package → the packages it depends on → the files that make that dependency. Every package is a key. */
    static Map<String, Map<String, Set<String>>> graph(Map<String, String> sources) {
        Map<String, Map<String, Set<String>>> graph = new TreeMap<>();
        sources.forEach((file, code) -> {
            String from = packageOf(file);
            graph.computeIfAbsent(from, k -> new TreeMap<>());
            Matcher m = REFERENCE.matcher(withoutComments(code));
            while (m.find()) {
                String to = m.group(1).isEmpty() ? "" : m.group(1).substring(1);
                if (!to.equals(from)) {
                    edge(graph, from, to, file);
                }
            }
        });
        return graph;
    }

    static void edge(Map<String, Map<String, Set<String>>> graph, String from, String to, String file) {
        graph.computeIfAbsent(to, k -> new TreeMap<>());
        graph.computeIfAbsent(from, k -> new TreeMap<>()).computeIfAbsent(to, k -> new TreeSet<>()).add(file);
    }

    /** Java source with its comments blanked out; string, character and text-block literals are kept. */
    static String withoutComments(String code) {
        StringBuilder out = new StringBuilder(code.length());
        int i = 0;
        while (i < code.length()) {
            char c = code.charAt(i);
            if (code.startsWith("//", i)) {
                while (i < code.length() && code.charAt(i) != '\n') {
                    i++;
                }
            } else if (code.startsWith("/*", i)) {
                int end = code.indexOf("*/", i + 2);
                i = end < 0 ? code.length() : end + 2;
                out.append(' ');
            } else if (code.startsWith("\"\"\"", i)) {
                int end = code.indexOf("\"\"\"", i + 3);
                while (end > 0 && code.charAt(end - 1) == '\\') {
                    end = code.indexOf("\"\"\"", end + 1);
                }
                int stop = end < 0 ? code.length() : end + 3;
                out.append(code, i, stop);
                i = stop;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < code.length() && code.charAt(j) != c && code.charAt(j) != '\n') {
                    j += code.charAt(j) == '\\' ? 2 : 1;
                }
                int stop = Math.min(j + 1, code.length());
                out.append(code, i, stop);
                i = stop;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** One line block per strongly connected component of more than one package (Tarjan), empty when acyclic. */
    static List<String> cycles(Map<String, Map<String, Set<String>>> graph) {
        List<String> report = new ArrayList<>();
        for (Set<String> component : new Tarjan(graph).components) {
            if (component.size() < 2) {
                continue;
            }
            StringBuilder b = new StringBuilder("packages " + component + " form a cycle: "
                    + String.join(" -> ", cycleThrough(graph, component)));
            for (String from : component) {
                graph.get(from).forEach((to, files) -> {
                    if (component.contains(to)) {
                        b.append("\n  ").append(from).append(" -> ").append(to).append(": ").append(String.join(", ", files));
                    }
                });
            }
            report.add(b.toString());
        }
        return report;
    }

    /** A shortest closed path inside the component from its first package back to it. */
    private static List<String> cycleThrough(Map<String, Map<String, Set<String>>> graph, Set<String> component) {
        String start = component.iterator().next();
        Map<String, String> cameFrom = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of(start));
        while (!queue.isEmpty()) {
            String at = queue.poll();
            for (String next : graph.get(at).keySet()) {
                if (!component.contains(next)) {
                    continue;
                }
                if (next.equals(start)) {
                    List<String> path = new ArrayList<>(List.of(start));
                    for (String p = at; !p.equals(start); p = cameFrom.get(p)) {
                        path.add(1, p);
                    }
                    path.add(start);
                    return path;
                }
                if (!cameFrom.containsKey(next)) {
                    cameFrom.put(next, at);
                    queue.add(next);
                }
            }
        }
        throw new IllegalStateException("no cycle through " + component);
    }

    static List<String> intoTop(Map<String, Map<String, Set<String>>> graph) {
        List<String> wrong = new ArrayList<>();
        graph.forEach((from, deps) -> deps.forEach((to, files) -> {
            if (TOP.contains(to) && !ALLOWED_INTO_TOP.contains(List.of(from, to))) {
                wrong.add(from + " -> " + to + ": " + String.join(", ", files));
            }
        }));
        return wrong;
    }

    /** Tarjan's strongly connected components; each component's packages in sorted order. */
    private static final class Tarjan {
        private final Map<String, Map<String, Set<String>>> graph;
        private final Map<String, Integer> index = new HashMap<>();
        private final Map<String, Integer> low = new HashMap<>();
        private final Deque<String> stack = new ArrayDeque<>();
        private final Set<String> onStack = new TreeSet<>();
        final List<Set<String>> components = new ArrayList<>();

        Tarjan(Map<String, Map<String, Set<String>>> graph) {
            this.graph = graph;
            for (String v : graph.keySet()) {
                if (!index.containsKey(v)) {
                    connect(v);
                }
            }
        }

        private void connect(String v) {
            index.put(v, index.size());
            low.put(v, index.get(v));
            stack.push(v);
            onStack.add(v);
            for (String w : graph.get(v).keySet()) {
                if (!index.containsKey(w)) {
                    connect(w);
                    low.put(v, Math.min(low.get(v), low.get(w)));
                } else if (onStack.contains(w)) {
                    low.put(v, Math.min(low.get(v), index.get(w)));
                }
            }
            if (low.get(v).equals(index.get(v))) {
                Set<String> component = new TreeSet<>();
                String w;
                do {
                    w = stack.pop();
                    onStack.remove(w);
                    component.add(w);
                } while (!w.equals(v));
                components.add(component);
            }
        }
    }
}
