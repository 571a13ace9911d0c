package ru.mcu.marshrut.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.infinispan.manager.DefaultCacheManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ru.mcu.marshrut.TestStores;

/** An event is checked on the history it is appended to, atomically with the append, on any node. */
class EventStoreTest {

    @TempDir
    Path dir;

    static ItemEvent postpone(String id) {
        return new ItemEvent(id, "kachkanar", "appeal-1", ItemEventType.POSTPONE,
                OffsetDateTime.parse("2026-03-10T10:00:00+05:00"), null, List.of(), "запрос в другой орган", null, "test");
    }

    @Test
    void anEventRefusedOnItsHistoryIsNotStored() {
        DefaultCacheManager manager = TestStores.manager();
        try {
            EventStore store = EventStore.open(manager, dir, false, TestStores.JSON);
            assertThatThrownBy(() -> store.putIfAbsent(postpone("e-1"), before -> {
                throw new EventService.NotAllowed("no");
            })).isInstanceOf(EventService.NotAllowed.class);
            assertThat(store.find("kachkanar", "e-1")).isEmpty();
            assertThat(store.ofItem("kachkanar", "appeal-1")).isEmpty();
        } finally {
            manager.stop();
        }
    }

    @Test
    void twoEventsAllowedAloneButNotTogetherAreNeverBothAppendedWhateverTheNodesLocks() {
        DefaultCacheManager manager = TestStores.manager();
        try {
            EventStore store = EventStore.open(manager, dir, false, TestStores.JSON);
            // At most one extension: what the lifecycle's check says of two POSTPONEs
            java.util.function.Consumer<List<ItemEvent>> oneExtension = before -> {
                if (before.stream().anyMatch(e -> e.type() == ItemEventType.POSTPONE)) {
                    throw new EventService.NotAllowed("the term was extended already");
                }
            };
            AtomicInteger checks = new AtomicInteger();
            // The first check passes on an empty history; meanwhile another node (another lock) appends its extension.
            assertThatThrownBy(() -> store.putIfAbsent(postpone("e-here"), before -> {
                if (checks.getAndIncrement() == 0) {
                    assertThat(store.putIfAbsent(postpone("e-there"), oneExtension)).isEmpty();
                }
                oneExtension.accept(before);
            })).isInstanceOf(EventService.NotAllowed.class);
            assertThat(checks).as("checked again on the history the other node wrote").hasValue(2);
            assertThat(store.ofItem("kachkanar", "appeal-1")).extracting(ItemEvent::eventId).containsExactly("e-there");
            assertThat(store.find("kachkanar", "e-here")).isEmpty();
        } finally {
            manager.stop();
        }
    }

    @Test
    void historiesRebuiltFromAnOlderDataDirectoryAreInTheOrderTheirEventsWereReplayedInThen() {
        DefaultCacheManager manager = TestStores.manager();
        try {
            EventStore store = EventStore.open(manager, dir, false, TestStores.JSON);
            OffsetDateTime at = OffsetDateTime.parse("2026-03-10T10:00:00+05:00");
            for (var e : List.of(event("e-later", at.plusMinutes(1)), event("e-b", at), event("e-a", at))) {
                assertThat(store.putIfAbsent(e)).isEmpty();
            }
            assertThat(store.ofItem("kachkanar", "appeal-1")).extracting(ItemEvent::eventId)
                    .containsExactly("e-later", "e-b", "e-a");
            // A data directory from before the histories: events only
            manager.getCache("item-history").clear();
            EventStore reopened = EventStore.open(manager, dir, false, TestStores.JSON);
            assertThat(reopened.ofItem("kachkanar", "appeal-1")).extracting(ItemEvent::eventId)
                    .containsExactly("e-a", "e-b", "e-later");
        } finally {
            manager.stop();
        }
    }

    static ItemEvent event(String id, OffsetDateTime at) {
        return new ItemEvent(id, "kachkanar", "appeal-1", ItemEventType.TAKE_TO_WORK, at, null, List.of(), null, null, "test");
    }
}
