package ru.mcu.marshrut.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Uni;

/**
 * Where a credential is checked: on a single node an API key on the calling thread (the event loop: one SHA-256 and
 * two reads of a cache kept on heap), a password (bcrypt) on a worker through the context's runBlocking. (A cluster
 * checks keys on a worker too; ClusterIT's calls with keys made on another node go that way.)
 */
@QuarkusTest
@TestProfile(SecurityProfile.class)
class CredentialIdentityProviderTest {

    @Inject
    CredentialIdentityProvider provider;

    @Inject
    Principals principals;

    /** A context that counts its hand-offs to a worker and runs them in place. */
    static final class CountingContext implements AuthenticationRequestContext {
        final AtomicInteger blocking = new AtomicInteger();

        @Override
        public Uni<SecurityIdentity> runBlocking(Supplier<SecurityIdentity> function) {
            blocking.incrementAndGet();
            return Uni.createFrom().item(function);
        }
    }

    @Test
    void checksAnApiKeyOnTheCallingThreadWithTheSameOutcome() {
        String key = TestKeys.key(Roles.PLATFORM, "kachkanar");
        CountingContext context = new CountingContext();
        assertThat(principals.keysCheckedInPlace()).as("a single node").isTrue();

        SecurityIdentity identity = provider.authenticate(CredentialRequest.key(key), context).await()
                .atMost(Duration.ofSeconds(5));

        assertThat(context.blocking).hasValue(0);
        assertThat(identity.getRoles()).containsExactly(Roles.PLATFORM);
        Actor actor = identity.getAttribute(Actor.ATTRIBUTE);
        assertThat(actor.municipalities()).containsExactly("kachkanar");

        assertThatThrownBy(() -> provider.authenticate(CredentialRequest.key("mk_unknown-key"), context).await()
                .atMost(Duration.ofSeconds(5))).isInstanceOf(AuthenticationFailedException.class)
                .hasMessage("unknown or revoked credentials");
        assertThat(context.blocking).hasValue(0);
    }

    @Test
    void checksAPasswordOnAWorker() {
        CountingContext context = new CountingContext();

        assertThatThrownBy(() -> provider.authenticate(CredentialRequest.password("no-such-login", "wrong"), context)
                .await().atMost(Duration.ofSeconds(5))).isInstanceOf(AuthenticationFailedException.class);
        assertThat(context.blocking).hasValue(1);
    }
}
