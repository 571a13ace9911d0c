package ru.mcu.marshrut.operations;

import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;

import ru.mcu.marshrut.MarshrutConfig;
import ru.mcu.marshrut.rating.RatingFormulaRegistry;
import ru.mcu.marshrut.security.Principals;

/**
 * The training run of the class-data-sharing archive that the README's command and the Dockerfile start the service
 * with ({@code -XX:SharedArchiveFile}): run with {@code -Dmarshrut.cds-training=true} and
 * {@code -XX:ArchiveClassesAtExit=app-cds.jsa} (pom.xml, phase package; Dockerfile), the service starts, answers one
 * routing request over HTTP as a caller would, compiles the rating formulas (as readiness does after a start) and
 * exits — the JVM then archives every class the start and a first answer loaded, which shortens the next start by
 * about a fifth (docs/BENCHMARKS.md). A training start that cannot answer exits with status 1, which fails the build.
 */
@ApplicationScoped
public class CdsTraining {

    private static final Logger LOG = Logger.getLogger(CdsTraining.class);
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    private final MarshrutConfig config;
    private final RatingFormulaRegistry formulas;

    public CdsTraining(MarshrutConfig config, RatingFormulaRegistry formulas) {
        this.config = config;
        this.formulas = formulas;
    }

    // After every other start-up observer (the routing engine's is 10 000): the start is complete.
    void train(@Observes @Priority(20_000) StartupEvent start) {
        if (!config.cdsTraining()) {
            return;
        }
        Thread t = new Thread(() -> {
            int status = 1;
            try {
                int answered = askOnce();
                awaitFormulas();
                LOG.infof("Class-data-sharing training: the routing request was answered %d; exiting", answered);
                status = answered == 201 ? 0 : 1;
            } catch (IOException | RuntimeException e) {
                LOG.error("Class-data-sharing training: the routing request failed; exiting", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Quarkus.asyncExit(status);
        }, "marshrut-cds-training");
        t.setDaemon(true);
        t.start();
    }

    /**
     * The rating formulas compiled, as readiness has them compiled after a start (not before the first answer): the
     * DMN compiler's classes belong in the archive too.
     */
    private void awaitFormulas() throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (formulas.notCompiled().containsValue("compiling") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    /** One routing request, as a ПОС-style caller sends it, once the HTTP server listens; its status. */
    private int askOnce() throws IOException, InterruptedException {
        String key = bootstrapKey().orElseThrow(() -> new IllegalStateException(
                "no bootstrap key to train with: the data directory has no " + Principals.BOOTSTRAP_FILE));
        String item = """
                {"itemId":"cds-training-%s","municipality":"kachkanar","channel":"POS","category":"Дороги",\
                "text":"Яма на дороге","receivedAt":"2026-03-02T10:15:00+05:00"}""".formatted(UUID.randomUUID());
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            // With port 0 Quarkus publishes the port it got as this system property once it listens.
            String port = System.getProperty("quarkus.http.port", ConfigProvider.getConfig()
                    .getOptionalValue("quarkus.http.port", String.class).orElse("8080"));
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port
                        + "/api/v1/routing-decisions").toURL().openConnection();
                c.setRequestMethod("POST");
                c.setDoOutput(true);
                c.setRequestProperty("Authorization", "Bearer " + key);
                c.setRequestProperty("Content-Type", "application/json");
                try (OutputStream out = c.getOutputStream()) {
                    out.write(item.getBytes(StandardCharsets.UTF_8));
                }
                int status = c.getResponseCode();
                (status < 400 ? c.getInputStream() : c.getErrorStream()).readAllBytes();
                if (status != 503) {
                    return status;
                }
            } catch (IOException notListeningYet) {
                if (System.nanoTime() > deadline) {
                    throw notListeningYet;
                }
            }
            if (System.nanoTime() > deadline) {
                return 503;
            }
            Thread.sleep(100);
        }
    }

    /** The key set from outside, or the one the first start wrote into the data directory. */
    private Optional<String> bootstrapKey() throws IOException {
        Optional<String> configured = Principals.configuredBootstrapKey(config);
        if (configured.isPresent()) {
            return configured;
        }
        Path file = Path.of(config.dataDir()).resolve(Principals.BOOTSTRAP_FILE);
        return Files.exists(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip())
                : Optional.empty();
    }
}
