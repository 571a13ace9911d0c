package ru.mcu.marshrut.dmn;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Reads the product's rule files. The build copies the top-level {@code rules/} and {@code decisions/}
 * folders into the jar under {@code marshrut/} (see pom.xml): Kogito's code generation only scans
 * src/main/resources, so these files are compiled by Marshrut itself at start, once per ruleset version.
 */
public final class RuleSources {

    private RuleSources() {
    }

    public static String decision(String relativePath) {
        return read("marshrut/decisions/" + relativePath);
    }

    /** True when the product ships this decision file (a new municipality may have none yet). */
    public static boolean hasDecision(String relativePath) {
        return sourceFile("marshrut/decisions/" + relativePath) != null
                || RuleSources.class.getClassLoader().getResource("marshrut/decisions/" + relativePath) != null;
    }

    /**
     * In dev mode ({@code marshrut.sources-dir} set) the rule files are read from the project's {@code rules/} and
     * {@code decisions/}: dev mode copies a changed resource to the root of the classpath, not to its jar path.
     */
    private static java.nio.file.Path sourceFile(String classpathPath) {
        var dir = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getOptionalValue("marshrut.sources-dir", String.class);
        if (dir.isEmpty() || !classpathPath.startsWith("marshrut/")) {
            return null;
        }
        java.nio.file.Path file = java.nio.file.Path.of(dir.get()).resolve(classpathPath.substring("marshrut/".length()));
        return java.nio.file.Files.isRegularFile(file) ? file : null;
    }

    public static String rule(String fileName) {
        return read("marshrut/rules/" + fileName);
    }

    static String read(String path) {
        java.nio.file.Path dev = sourceFile(path);
        if (dev != null) {
            try {
                return java.nio.file.Files.readString(dev, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException("Cannot read " + dev, e);
            }
        }
        try (InputStream in = RuleSources.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Rule file " + path + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + path, e);
        }
    }

    /** Content hash of rule text, as stored in every decision's audit record. */
    public static String sha256(String text) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return "sha256:" + HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
