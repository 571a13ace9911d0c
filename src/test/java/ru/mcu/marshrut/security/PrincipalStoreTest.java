package ru.mcu.marshrut.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;

import org.infinispan.manager.DefaultCacheManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ru.mcu.marshrut.TestStores;

/** A login or key is claimed before its principal is written; a claim left without one holds nothing. */
class PrincipalStoreTest {

    @TempDir
    Path dir;

    static StoredPrincipal user(String id, String login) {
        return new StoredPrincipal(id, Actor.Kind.USER, login, List.of(Roles.AUDITOR), List.of("kachkanar"), "bcrypt",
                OffsetDateTime.parse("2026-12-05T00:00:00Z"), "test", null, null);
    }

    @Test
    void aLoginClaimedByAPrincipalThatWasNeverWrittenIsFreeAndOneThatWasIsTaken() {
        DefaultCacheManager manager = TestStores.manager();
        try {
            PrincipalStore store = PrincipalStore.open(manager, dir, TestStores.JSON);
            assertThat(store.hasPrincipals()).isFalse();
            // What a process that died between the claim and the principal's write left behind
            manager.<String, byte[]>getCache("principals").put("login/specialist.oks", "u-ghost".getBytes(StandardCharsets.UTF_8));
            assertThat(store.hasPrincipals()).as("a claim alone is no principal").isFalse();

            assertThat(store.create(user("u-1", "Specialist.OKS"))).isTrue();
            assertThat(store.byLogin("specialist.oks")).map(StoredPrincipal::id).contains("u-1");
            assertThat(store.hasPrincipals()).isTrue();
            assertThat(store.create(user("u-2", "specialist.oks"))).as("taken by a principal that exists").isFalse();
            assertThat(store.byId("u-2")).isEmpty();
            assertThat(store.byLogin("specialist.oks")).map(StoredPrincipal::id).contains("u-1");
        } finally {
            manager.stop();
        }
    }

    @Test
    void aRecordIsSwappedOnlyIfItIsStillTheOneReadSoARevocationOrAnotherChangeMeanwhileWins() {
        DefaultCacheManager manager = TestStores.manager();
        try {
            PrincipalStore store = PrincipalStore.open(manager, dir, TestStores.JSON);
            assertThat(store.create(user("u-1", "auditor.1"))).isTrue();
            var read = store.versioned("u-1").orElseThrow();
            assertThat(store.swap(read, read.principal().withSecretHash("bcrypt-2"))).isTrue();
            assertThat(store.byLogin("auditor.1")).map(StoredPrincipal::secretHash).contains("bcrypt-2");
            // The first read is stale now: a change computed from it is not written over the newer password
            assertThat(store.swap(read, read.principal().withSecretHash("bcrypt-stale"))).isFalse();
            assertThat(store.byId("u-1")).map(StoredPrincipal::secretHash).contains("bcrypt-2");

            var beforeRevocation = store.versioned("u-1").orElseThrow();
            store.revoke(beforeRevocation.principal().revoke(OffsetDateTime.parse("2026-12-05T01:00:00Z"), "admin"));
            assertThat(store.swap(beforeRevocation, beforeRevocation.principal().withSecretHash("bcrypt-3"))).isFalse();
            assertThat(store.byId("u-1")).get().satisfies(p -> {
                assertThat(p.revoked()).as("a revoked user is never written back active").isTrue();
                assertThat(p.secretHash()).isEqualTo("bcrypt-2");
            });
            // Compared by content, not by the array read: a copy (as another node holds) swaps as well
            assertThat(store.create(user("u-2", "auditor.2"))).isTrue();
            var copy = store.versioned("u-2").orElseThrow();
            var sameContent = new PrincipalStore.Versioned(copy.bytes().clone(), copy.principal());
            assertThat(store.swap(sameContent, copy.principal().withSecretHash("bcrypt-4"))).isTrue();
        } finally {
            manager.stop();
        }
    }
}
