package ru.mcu.marshrut.open311;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;

import org.infinispan.manager.DefaultCacheManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ru.mcu.marshrut.TestStores;

/** A request is stored with its time slot, or not at all: a failed write leaves nothing the start would route. */
class Open311StoreTest {

    @TempDir
    Path dir;

    static Open311Request request(String id) {
        return new Open311Request(id, "kachkanar", Open311Request.itemIdOf(id), "dorogi", "Яма у дома 5", null, null,
                "ул. Свердлова, 5", null, null, OffsetDateTime.parse("2026-03-02T10:15:00+05:00"), "api-key «тест» (k-test)");
    }

    @Test
    void aRequestIsListedOnceStoredAndAWriteThatFailsLeavesNothingPending() {
        DefaultCacheManager manager = TestStores.manager();
        try {
            Open311Store store = new Open311Store(manager, dir, false, TestStores.JSON);
            assertThat(store.create(request("a1"))).isTrue();
            assertThat(store.list("kachkanar", Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-03T00:00:00Z"),
                    10, r -> true)).extracting(Open311Request::serviceRequestId).containsExactly("a1");
            store.routed(request("a1"));

            // The time index cannot be written (its store failed): the client is told of an error and sends the
            // request again, so nothing of this one may be routed at the next start, nor listed
            manager.getCache("open311-times").stop();
            assertThatThrownBy(() -> store.create(request("b2"))).isInstanceOf(RuntimeException.class);
            assertThat(store.find("b2")).isEmpty();
            assertThat(store.pending()).isEmpty();
        } finally {
            manager.stop();
        }
    }
}
