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
@io.quarkus.runtime.Startup
public class StorageReadiness extends DetailedReadiness {

    static final String NAME = "storage";

    private final EmbeddedCacheManager caches;
    private final Path dataDir;
    /** Clustered with other members configured: until it sees one, within the join grace, the node is not ready. */
    private final boolean expectsPeers;
    private final long joinGraceMillis;
    private volatile boolean sawPeers;
    /** In a cluster, what the replica repair after the last change of members has done (null on a single node). */
    private java.util.function.Supplier<String> replicaRepair;
    /** In a cluster, whether this node's own open-item copies were checked with the other owners' since its start. */
    private java.util.function.BooleanSupplier ownCopiesChecked = () -> true;

    @jakarta.inject.Inject
    public StorageReadiness(EmbeddedCacheManager caches, MarshrutConfig config,
            ru.mcu.marshrut.events.ItemReplicaRepair repairs) {
        this(caches, Path.of(config.dataDir()),
                config.cluster().enabled() && config.cluster().members().map(List::size).orElse(0) > 1,
                config.cluster().joinGrace());
        if (repairs.repair() != null) {
            replicaRepair(repairs.repair()::describe, repairs.repair()::ownCopiesChecked);
        }
    }

    /** In a cluster: what the replica repair reports, and whether this node's own copies were checked since its start. */
    void replicaRepair(java.util.function.Supplier<String> describe, java.util.function.BooleanSupplier checked) {
        this.replicaRepair = describe;
        this.ownCopiesChecked = checked;
    }

    /** Notes that another member was seen. */
    @org.infinispan.notifications.Listener(sync = false)
    public final class PeerWatch {
        @org.infinispan.notifications.cachemanagerlistener.annotation.ViewChanged
        public void viewChanged(org.infinispan.notifications.cachemanagerlistener.event.ViewChangedEvent e) {
            waitingForPeers(e.getNewMembers().size(), 0);
        }
    }

    StorageReadiness(EmbeddedCacheManager caches, Path dataDir, boolean expectsPeers, java.time.Duration joinGrace) {
        this.caches = caches;
        this.dataDir = dataDir;
        this.expectsPeers = expectsPeers;
        this.joinGraceMillis = joinGrace.toMillis();
        if (expectsPeers && caches != null) {
            // Told of every view from the start (the bean is made at startup), not only of those a probe happens to
            // see: a node that saw its peers and lost them before its first probe stays ready
            caches.addListener(new PeerWatch());
            waitingForPeers(caches.getMembers() == null ? 1 : caches.getMembers().size(), 0);
        }
    }

    /**
     * True while a clustered node has seen none of its configured peers and started less than the join grace ago. A
     * node that misses JGroups' join timeout (2 s) forms a cluster of its own until MERGE3 merges the views (10–30 s);
     * meanwhile keys, decisions and claims made on the others are not visible on it, and it would decide an item the
     * others decided already.
     */
    boolean waitingForPeers(int members, long uptimeMillis) {
        if (!expectsPeers || sawPeers) {
            return false;
        }
        if (members > 1) {
            sawPeers = true;
            return false;
        }
        return uptimeMillis < joinGraceMillis;
    }

    @Override
    protected String name() {
        return NAME;
    }

    @Override
    public HealthCheckResponse detailed() {
        List<String> stopped = stoppedCaches(caches);
        String dirProblem = writeProblem(dataDir);
        int members = caches.getMembers() == null ? 1 : caches.getMembers().size();
        boolean waiting = waitingForPeers(members, java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
        // A node back in the cluster may hold, in its store, open entries of items closed while it was away: it serves
        // once they are checked with the other owners (seconds after the rebalance: the open items only)
        boolean unchecked = !ownCopiesChecked.getAsBoolean();
        var b = HealthCheckResponse.named(NAME)
                .status(stopped.isEmpty() && dirProblem == null && !waiting && !unchecked)
                .withData("dataDir", dataDir.toAbsolutePath().toString())
                .withData("dataDirWritable", dirProblem == null ? "yes" : dirProblem)
                .withData("caches", caches.getCacheNames().size())
                // The nodes this one sees (1 when not clustered): a node that could not join in time runs alone until
                // the members merge, and an operator (or a test) can tell
                .withData("clusterMembers", members)
                .withData("cachesNotRunning", String.join(", ", stopped));
        if (replicaRepair != null) {
            // Not a condition of readiness: a node serves while the copies are compared (minutes on a long history)
            b.withData("replicaRepair", replicaRepair.get());
        }
        if (unchecked) {
            b.withData("waitingForReplicaRepair", "this node's open items are compared with the other members' copies"
                    + " once the rebalance after its start is done");
        }
        if (waiting) {
            b.withData("waitingForMembers", "no other cluster member seen yet; ready once one is, or "
                    + joinGraceMillis / 1000 + " s after the start");
        }
        return b.build();
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
