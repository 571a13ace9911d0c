package ru.mcu.marshrut.console;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Headless Debian Chromium driven through Debian's chromedriver by the W3C WebDriver protocol (JSON over HTTP on
 * loopback): the few commands the console tests need, with waits that poll the page instead of sleeping. No browser
 * or driver is downloaded: both must be installed ({@code apt-get install chromium chromium-driver}; .ci/run does).
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getProperty("marshrut.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("marshrut.chromedriver", "/usr/bin/chromedriver"));
    private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Process driver;
    private final Path profile;
    private final String base;
    private final String session;

    private Browser(Process driver, Path profile, String base) throws IOException, InterruptedException {
        this.driver = driver;
        this.profile = profile;
        this.base = base;
        waitForDriver();
        Map<String, Object> options = Map.of("binary", CHROMIUM.toString(), "args", List.of("--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-dev-shm-usage", "--window-size=1280,800", "--lang=ru-RU",
                "--user-data-dir=" + profile));
        JsonNode r = call("POST", "/session", Map.of("capabilities", Map.of("alwaysMatch",
                Map.of("browserName", "chrome", "goog:chromeOptions", options, "goog:loggingPrefs", Map.of("browser", "ALL")))));
        this.session = r.path("sessionId").asText();
    }

    static Browser start() throws IOException, InterruptedException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("The console tests need Debian's chromium and chromium-driver ("
                    + CHROMIUM + ", " + CHROMEDRIVER + "): apt-get install -y chromium chromium-driver (.ci/run does)");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path profile = Files.createTempDirectory("marshrut-chromium-");
        Path log = driverLog(profile);
        Process p = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port, "--allowed-ips=127.0.0.1")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new Browser(p, profile, "http://127.0.0.1:" + port);
    }

    private static Path driverLog(Path profile) {
        return profile.resolveSibling(profile.getFileName() + ".chromedriver.log");
    }

    private void waitForDriver() throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < until) {
            try {
                if (call("GET", "/status", null).path("ready").asBoolean()) {
                    return;
                }
            } catch (IOException | RuntimeException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("chromedriver did not start");
    }

    // ---- navigation and elements

    void go(String url) {
        cmd("POST", "/url", Map.of("url", url));
    }

    String url() {
        return cmd("GET", "/url", null).asText();
    }

    /** The first element that matches, waiting for it to appear. */
    String find(String css) {
        return waitFor(() -> {
            List<String> all = findAll(css);
            return all.isEmpty() ? null : all.get(0);
        }, "an element " + css);
    }

    List<String> findAll(String css) {
        JsonNode r = cmd("POST", "/elements", Map.of("using", "css selector", "value", css));
        List<String> out = new ArrayList<>();
        r.forEach(e -> out.add(e.path(ELEMENT).asText()));
        return out;
    }

    boolean exists(String css) {
        return !findAll(css).isEmpty();
    }

    void click(String css) {
        String id = find(css);
        waitFor(() -> cmd("GET", "/element/" + id + "/enabled", null).asBoolean() ? Boolean.TRUE : null, "enabled " + css);
        // To the middle of the window: an element WebDriver finds "in view" at the top lies under the sticky header
        script("document.querySelector(arguments[0]).scrollIntoView({ block: 'center', inline: 'nearest' })", css);
        cmd("POST", "/element/" + id + "/click", Map.of());
    }

    /** Types into the element (after clearing an input); {@link #CONTROL_A} selects what a content-editable cell holds. */
    void type(String css, String text) {
        String id = find(css);
        cmd("POST", "/element/" + id + "/value", Map.of("text", text));
    }

    void clearAndType(String css, String text) {
        String id = find(css);
        cmd("POST", "/element/" + id + "/clear", Map.of());
        cmd("POST", "/element/" + id + "/value", Map.of("text", text));
    }

    /** Ctrl+A, then the modifier released (W3C key codes: U+E009 Control, U+E000 release all). */
    static final String CONTROL_A = "\uE009a\uE000";

    /** Runs an async script: its last argument is the callback that ends it with a value. */
    JsonNode scriptAsync(String js, Object... args) {
        return cmd("POST", "/execute/async", Map.of("script", js, "args", List.of(args)));
    }

    /** Sets an input's value as a picker would (date inputs take keys by locale), with its input event. */
    void setValue(String css, String value) {
        find(css);
        script("const e = document.querySelector(arguments[0]); e.value = arguments[1];"
                + " e.dispatchEvent(new Event('input', { bubbles: true }));", css, value);
    }

    void select(String css, String value) {
        script("const s = document.querySelector(arguments[0]); s.value = arguments[1];"
                + " s.dispatchEvent(new Event('change', { bubbles: true }));", css, value);
    }

    String text(String css) {
        return cmd("GET", "/element/" + find(css) + "/text", null).asText();
    }

    String attribute(String css, String name) {
        JsonNode v = cmd("GET", "/element/" + find(css) + "/attribute/" + name, null);
        return v.isNull() ? null : v.asText();
    }

    /** Waits until the element's text contains the fragment; returns the text. */
    String waitForText(String css, String fragment) {
        return waitFor(() -> {
            List<String> all = findAll(css);
            if (all.isEmpty()) {
                return null;
            }
            String t = cmd("GET", "/element/" + all.get(0) + "/text", null).asText();
            return t.contains(fragment) ? t : null;
        }, "\"" + fragment + "\" in " + css);
    }

    /**
     * A table row's cells by the text of the column header each one sits under (a cell spanning columns counts for
     * each of them), so that a test sees a value where a reader of the table sees it.
     */
    Map<String, String> cellsByHeader(String rowCss) {
        find(rowCss);
        JsonNode cells = script("""
                const row = document.querySelector(arguments[0]);
                const heads = [...row.closest('table').querySelectorAll('thead th')].map(th => th.textContent.trim());
                const out = {};
                let column = 0;
                for (const cell of row.cells) {
                  for (let i = 0; i < cell.colSpan; i++) out[heads[column++] ?? ('column ' + column)] = cell.textContent.trim();
                }
                return out;""", rowCss);
        Map<String, String> out = new java.util.LinkedHashMap<>();
        cells.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    JsonNode script(String js, Object... args) {
        return cmd("POST", "/execute/sync", Map.of("script", js, "args", List.of(args)));
    }

    void screenshot(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(cmd("GET", "/screenshot", null).asText()));
    }

    /** The browser console's messages since the last call (level and text). */
    List<String> consoleLog() {
        List<String> out = new ArrayList<>();
        cmd("POST", "/se/log", Map.of("type", "browser")).forEach(e -> out.add(e.path("level").asText() + " " + e.path("message").asText()));
        return out;
    }

    <T> T waitFor(Supplier<T> probe, String what) {
        long until = System.nanoTime() + WAIT.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < until) {
            try {
                T v = probe.get();
                if (v != null) {
                    return v;
                }
            } catch (RuntimeException e) {
                last = e; // e.g. a stale element while the page re-renders
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        String page;
        try {
            page = script("const m = document.querySelector('main'); return m ? m.innerText.slice(0, 600) : ''").asText();
        } catch (RuntimeException e) {
            page = "(unreadable: " + e.getMessage() + ")";
        }
        // What the page showed, for a failure seen only in a loaded CI run
        throw new AssertionError("waited " + WAIT.toSeconds() + " s for " + what + " on " + url() + "; the page shows: "
                + page.replace('\n', ' '), last);
    }

    // ---- protocol

    private JsonNode cmd(String method, String path, Object body) {
        try {
            return call(method, "/session/" + session + path, body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode call(String method, String path, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json; charset=utf-8");
        b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.method(method, HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        JsonNode v = json.readTree(r.body()).path("value");
        if (r.statusCode() >= 400) {
            throw new WebDriverException(r.statusCode(), v.path("error").asText() + ": " + v.path("message").asText());
        }
        return v;
    }

    static final class WebDriverException extends RuntimeException {
        WebDriverException(int status, String message) {
            super("WebDriver " + status + " " + message);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (session != null) {
                cmd("DELETE", "", null);
            }
        } catch (RuntimeException e) {
            // the browser may be gone already
        } finally {
            driver.destroy();
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            Files.deleteIfExists(driverLog(profile));
        }
    }
}
