package ru.mcu.marshrut.operations;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.infinispan.lifecycle.ComponentStatus;
import org.infinispan.manager.EmbeddedCacheManager;

import ru.mcu.marshrut.MarshrutConfig;

/**
 * Ready only while every cache is running and the data directory takes a write: a node that cannot store a decision
 * must not be sent one.
 */
@Readiness
@ApplicationScoped
public class StorageReadiness extends DetailedReadiness {

    static final String NAME = "storage";

    private final EmbeddedCacheManager caches;
    private final Path dataDir;

    public StorageReadiness(EmbeddedCacheManager caches, MarshrutConfig config) {
        this.caches = caches;
        this.dataDir = Path.of(config.dataDir());
    }

    @Override
    protected String name() {
        return NAME;
    }

    @Override
    public HealthCheckResponse detailed() {
        List<String> stopped = stoppedCaches(caches);
        String dirProblem = writeProblem(dataDir);
        return HealthCheckResponse.named(NAME)
                .status(stopped.isEmpty() && dirProblem == null)
                .withData("dataDir", dataDir.toAbsolutePath().toString())
                .withData("dataDirWritable", dirProblem == null ? "yes" : dirProblem)
                .withData("caches", caches.getCacheNames().size())
                // The nodes this one sees (1 when not clustered): a node that could not join in time runs alone until
                // the members merge, and an operator (or a test) can tell
                .withData("clusterMembers", caches.getMembers() == null ? 1 : caches.getMembers().size())
                .withData("cachesNotRunning", String.join(", ", stopped))
                .build();
    }

    static List<String> stoppedCaches(EmbeddedCacheManager caches) {
        List<String> stopped = new ArrayList<>();
        if (caches.getStatus() != ComponentStatus.RUNNING) {
            stopped.add("cache manager " + caches.getStatus());
            return stopped;
        }
        for (String name : caches.getCacheNames()) {
            var cache = caches.getCache(name, false);
            if (cache == null || cache.getStatus() != ComponentStatus.RUNNING) {
                stopped.add(name);
            }
        }
        return stopped;
    }

    /** Null when a file can be created, written and removed in {@code dir}; else what went wrong. */
    static String writeProblem(Path dir) {
        try {
            Path probe = Files.createTempFile(dir, ".ready-", ".probe");
            try {
                Files.writeString(probe, "ok");
            } finally {
                Files.deleteIfExists(probe);
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return "not writable: " + e;
        }
    }
}
