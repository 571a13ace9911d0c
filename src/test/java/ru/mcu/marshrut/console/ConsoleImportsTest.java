package ru.mcu.marshrut.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Every name a console module uses from another of the console's modules is imported: an ES module that calls a helper
 * it did not import throws only when that line runs (the registry page broke on the first absence it showed).
 */
class ConsoleImportsTest {

    static final Path CONSOLE = Path.of("src/main/resources/META-INF/resources/console");
    static final Pattern EXPORT = Pattern.compile("^export (?:async )?(?:function|const|class) (\\w+)", Pattern.MULTILINE);
    static final Pattern IMPORT = Pattern.compile("^import \\{([^}]*)\\} from '([^']+)';", Pattern.MULTILINE);
    static final Pattern DECLARED = Pattern.compile("(?:function|const|let|var|class) (\\w+)");

    @Test
    void everyNameAModuleTakesFromAnotherIsImported() throws IOException {
        Map<String, String> exportedBy = new LinkedHashMap<>();
        List<Path> modules;
        try (Stream<Path> files = Files.walk(CONSOLE)) {
            modules = files.filter(p -> p.toString().endsWith(".js")).sorted().toList();
        }
        for (Path p : modules) {
            Matcher m = EXPORT.matcher(Files.readString(p));
            while (m.find()) {
                exportedBy.putIfAbsent(m.group(1), CONSOLE.relativize(p).toString());
            }
        }
        assertThat(exportedBy).containsKeys("h", "toast", "ruDate", "get", "inRussian", "verifyProof", "fetchedDownloads");
        List<String> missing = new ArrayList<>();
        for (Path p : modules) {
            String text = Files.readString(p);
            // Comments and strings name things without using them
            String code = text.replaceAll("(?m)^\\s*//.*$", "").replaceAll("'(?:[^'\\\\\\n]|\\\\.)*'", "''");
            java.util.Set<String> known = new java.util.HashSet<>();
            Matcher imports = IMPORT.matcher(text);
            while (imports.find()) {
                for (String name : imports.group(1).split(",")) {
                    String n = name.trim();
                    known.add(n.contains(" as ") ? n.substring(n.indexOf(" as ") + 4).trim() : n);
                }
            }
            Matcher declared = DECLARED.matcher(code);
            while (declared.find()) {
                known.add(declared.group(1));
            }
            for (var e : exportedBy.entrySet()) {
                String name = e.getKey();
                if (!known.contains(name) && Pattern.compile("(?<![\\w.$])" + name + "\\s*[(\\[.]").matcher(code).find()) {
                    missing.add(CONSOLE.relativize(p) + " uses " + name + " (from " + e.getValue() + ") without importing it");
                }
            }
        }
        assertThat(missing).isEmpty();
    }
}
