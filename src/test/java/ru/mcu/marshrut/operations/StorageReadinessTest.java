package ru.mcu.marshrut.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageReadinessTest {

    @TempDir
    Path dir;

    @Test
    void aWritableDirectoryPassesAndKeepsNoProbeFile() throws Exception {
        assertThat(StorageReadiness.writeProblem(dir)).isNull();
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aDataDirectoryThatCannotTakeAFileIsReported() throws Exception {
        // A path whose parent is a regular file: no one, root included, can create anything under it.
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        assertThat(StorageReadiness.writeProblem(file.resolve("data"))).startsWith("not writable");
        assertThat(StorageReadiness.writeProblem(dir.resolve("missing"))).startsWith("not writable");
    }

    @Test
    void aClusteredNodeThatSeesNoPeerIsNotReadyUntilOneJoinsOrTheGraceEnds() {
        var node = new StorageReadiness(null, dir, true, java.time.Duration.ofSeconds(60));
        assertThat(node.waitingForPeers(1, 5_000)).as("alone, 5 s after the start").isTrue();
        assertThat(node.waitingForPeers(1, 60_000)).as("alone when the grace ends: its peers may be down").isFalse();
        var joined = new StorageReadiness(null, dir, true, java.time.Duration.ofSeconds(60));
        assertThat(joined.waitingForPeers(3, 5_000)).isFalse();
        assertThat(joined.waitingForPeers(1, 6_000)).as("its peers went after it saw them: it serves alone").isFalse();
    }

    /**
     * A node back in a cluster serves once its own open-item copies were checked with the other owners': until then it
     * may hold open entries of items closed while it was away.
     */
    @Test
    void aClusteredNodeIsNotReadyUntilItsOwnCopiesWereChecked() {
        var caches = ru.mcu.marshrut.TestStores.manager();
        try {
            var node = new StorageReadiness(caches, dir, false, java.time.Duration.ofSeconds(60));
            boolean[] checked = { false };
            node.replicaRepair(() -> checked[0] ? "finished 2026-12-07T18:00:00Z: every copy agreed"
                    : "waiting for the rebalance or running", () -> checked[0]);
            var before = node.detailed();
            assertThat(before.getStatus()).isEqualTo(org.eclipse.microprofile.health.HealthCheckResponse.Status.DOWN);
            assertThat(before.getData().orElseThrow()).containsKey("waitingForReplicaRepair")
                    .containsEntry("replicaRepair", "waiting for the rebalance or running");
            checked[0] = true;
            var after = node.detailed();
            assertThat(after.getStatus()).isEqualTo(org.eclipse.microprofile.health.HealthCheckResponse.Status.UP);
            assertThat(after.getData().orElseThrow()).doesNotContainKey("waitingForReplicaRepair")
                    .containsEntry("replicaRepair", "finished 2026-12-07T18:00:00Z: every copy agreed");
        } finally {
            caches.stop();
        }
    }

    @Test
    void aSingleNodeOrAClusterOfOneMemberNeverWaits() {
        assertThat(new StorageReadiness(null, dir, false, java.time.Duration.ofSeconds(60)).waitingForPeers(1, 0)).isFalse();
    }
}
