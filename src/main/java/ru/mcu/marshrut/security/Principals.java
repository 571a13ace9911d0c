package ru.mcu.marshrut.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;

import org.infinispan.manager.EmbeddedCacheManager;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.runtime.Startup;

import ru.mcu.marshrut.MarshrutConfig;

/**
 * API keys and users: who they are, what they may do, and whether a presented secret is one of them. The bootstrap
 * key (setting or environment) is a {@code centre} key that exists only while it is set; without one, the first
 * start on a new data directory generates a stored {@code centre} key and writes it to
 * {@code <data-dir>/bootstrap-key}, readable by the owner only.
 */
@ApplicationScoped
@Startup
public class Principals {

    private static final Logger LOG = Logger.getLogger(Principals.class);
    public static final String BOOTSTRAP_FILE = "bootstrap-key";
    static final int BCRYPT_COST = 10;
    /**
     * Checked against when the login is unknown, so that an unknown user costs as much as a wrong password. Made at
     * the first login attempt rather than in the start (a bcrypt at cost 10 is a tenth of a second here).
     */
    private static final class Dummy {
        static final String HASH = BcryptUtil.bcryptHash("marshrut-no-such-user", BCRYPT_COST);
    }
    private static final int VERIFIED_MEMO_LIMIT = 10_000;

    private final PrincipalStore store;
    private final ru.mcu.marshrut.audit.log.AuditLog log;
    private final java.util.Set<String> allMunicipalities;
    private final Path dataDir;
    private final Optional<byte[]> bootstrapKeyHash;
    /** Single node: every read of a principal is answered from this process (its heap, at worst its own store). */
    private final boolean readsLocal;
    /**
     * Passwords already checked with bcrypt, as SHA-256(password-hash, password): HTTP Basic sends the password
     * on every request, and bcrypt's cost is paid once. A changed or revoked user no longer matches.
     */
    private final Map<String, Boolean> verified = new ConcurrentHashMap<>();

    public Principals(EmbeddedCacheManager manager, MarshrutConfig config, ObjectMapper json,
            ru.mcu.marshrut.audit.log.AuditLog log, ru.mcu.marshrut.municipalities.MunicipalityCatalog municipalities) {
        this.log = log;
        this.allMunicipalities = java.util.Set.copyOf(municipalities.ids());
        this.dataDir = Path.of(config.dataDir()).toAbsolutePath();
        this.store = PrincipalStore.open(manager, dataDir, json);
        this.readsLocal = !ru.mcu.marshrut.persistence.PersistentCaches.clustered(manager);
        this.bootstrapKeyHash = configuredBootstrapKey(config).map(Secrets::sha256);
    }

    /** The bootstrap key set from outside: MARSHRUT_BOOTSTRAP_KEY, else marshrut.security.bootstrap-key. */
    public static Optional<String> configuredBootstrapKey(MarshrutConfig config) {
        String env = System.getenv("MARSHRUT_BOOTSTRAP_KEY");
        return env != null && !env.isBlank() ? Optional.of(env.strip())
                : config.security().bootstrapKey().map(String::strip).filter(k -> !k.isEmpty());
    }

    @PostConstruct
    void bootstrap() {
        Path file = dataDir.resolve(BOOTSTRAP_FILE);
        if (bootstrapKeyHash.isPresent()) {
            LOG.info("Bootstrap key: taken from MARSHRUT_BOOTSTRAP_KEY / marshrut.security.bootstrap-key (role centre)");
            return;
        }
        // No principal stored yet (a key claimed by a first start that died before writing its principal counts as
        // none: that start's key file holds a key that never worked)
        if (store.hasPrincipals()) {
            if (Files.exists(file)) {
                LOG.infof("Bootstrap key: see %s (role centre; revoke it once other centre keys exist)", file);
            }
            return;
        }
        String key = Secrets.newKey();
        StoredPrincipal p = new StoredPrincipal(Secrets.newId("k-"), Actor.Kind.API_KEY, "bootstrap", List.of(Roles.CENTRE),
                List.of(), Secrets.sha256Hex(key), now(), "Маршрут (первый запуск)", null, null);
        writeOwnerOnly(file, key + "\n");
        store.create(p);
        logged("PRINCIPAL_CREATED", p.createdBy(), p);
        LOG.infof("Bootstrap key generated (role centre): written to %s, readable by its owner only", file);
    }

    /**
     * Whether an API key can be checked on the event loop: on a single node it is a SHA-256 and two reads of a cache
     * kept whole on heap. In a cluster a read may wait on another node (while a node joins, the replicated cache
     * fetches what it has not received yet), which must not stall an event loop.
     */
    public boolean keysCheckedInPlace() {
        return readsLocal;
    }

    /** The actor a bearer key stands for, if it is the bootstrap key or an active stored key. */
    public Optional<Actor> byKey(String key) {
        if (bootstrapKeyHash.isPresent() && MessageDigest.isEqual(bootstrapKeyHash.get(), Secrets.sha256(key))) {
            return Optional.of(new Actor("bootstrap", Actor.Kind.BOOTSTRAP, "bootstrap", Set.of(Roles.CENTRE), Set.of(), true));
        }
        return store.byKeyHash(Secrets.sha256Hex(key)).map(StoredPrincipal::actor);
    }

    /** The active principal with this id (a console session re-reads it on every call, so a revocation ends it). */
    public Optional<Actor> byId(String id) {
        return store.byId(id).filter(p -> !p.revoked()).map(StoredPrincipal::actor);
    }

    /**
     * The active principal of a console session: none once it is revoked or its password is no longer the one the
     * session was opened with ({@code stamp}; null for a login that had no password of ours) or the one it is
     * changing to ({@code pendingStamp}).
     */
    public Optional<Actor> bySession(String id, String stamp, String pendingStamp) {
        return store.byId(id).filter(p -> !p.revoked() && (stamp == null || stamp.equals(p.credentialStamp())
                || p.credentialStamp().equals(pendingStamp)))
                .filter(p -> p.kind() != Actor.Kind.USER || store.byLogin(p.name()).filter(u -> u.id().equals(id)).isPresent())
                .map(StoredPrincipal::actor);
    }

    /** A user who gave the right password, and the stamp a console session opened with it keeps. */
    public record PasswordLogin(Actor actor, String stamp) {
    }

    /** The user with this login and password. An unknown login and a wrong password look the same, in time too. */
    public Optional<Actor> byPassword(String login, String password) {
        return login(login, password).map(PasswordLogin::actor);
    }

    /** As {@link #byPassword}, with the stamp of the password that was checked. */
    public Optional<PasswordLogin> login(String login, String password) {
        Optional<StoredPrincipal> user = store.byLogin(login);
        String hash = user.map(StoredPrincipal::secretHash).orElseGet(() -> Dummy.HASH);
        String memo = Secrets.sha256Hex(hash + '\u0000' + password);
        boolean ok = verified.containsKey(memo) || BcryptUtil.matches(password, hash);
        if (!ok || user.isEmpty()) {
            return Optional.empty();
        }
        if (verified.size() >= VERIFIED_MEMO_LIMIT) {
            verified.clear();
        }
        verified.put(memo, Boolean.TRUE);
        return user.map(u -> new PasswordLogin(u.actor(), u.credentialStamp()));
    }

    /** What became of an admin's new password for a user. */
    public enum Reset {
        SET, NOT_FOUND, OWN_PASSWORD, CENTRE_ONLY
    }

    /**
     * A managed user's new password, set by an admin or the centre (a forgotten or leaked password). Every console
     * session of the user ends at its next call. Not one's own (that asks for the current password: {@link
     * #changeOwnPassword}), and an administrator's only by the centre: whoever sets a password can log in as its user,
     * and an admin would so take over a peer's account.
     */
    public Reset resetPassword(Actor by, String id, String password) {
        String hash = null;
        for (int attempt = 0; attempt < 8; attempt++) {
            var read = store.versioned(id).filter(v -> v.principal().kind() == Actor.Kind.USER && !v.principal().revoked()
                    && manages(by, v.principal()));
            if (read.isEmpty()) {
                return Reset.NOT_FOUND;
            }
            StoredPrincipal p = read.get().principal();
            if (p.id().equals(by.id())) {
                return Reset.OWN_PASSWORD;
            }
            if (p.roles().contains(Roles.ADMIN) && !by.has(Roles.CENTRE)) {
                return Reset.CENTRE_ONLY;
            }
            hash = hash == null ? BcryptUtil.bcryptHash(password, BCRYPT_COST) : hash;
            if (store.swap(read.get(), p.withSecretHash(hash))) {
                changed(by, p, "PRINCIPAL_PASSWORD_RESET");
                return Reset.SET;
            }
            // Changed meanwhile (a revocation, the user's own change): read again; a revoked user is not found
        }
        throw new IllegalStateException("the record of principal " + id + " kept changing; the password was not set");
    }

    /** What became of a user's change of its own password; {@code stamp}: the new password's, when changed. */
    public record OwnChange(Outcome outcome, String stamp) {
        public enum Outcome {
            CHANGED, NOT_A_USER, WRONG_PASSWORD, CHANGED_MEANWHILE
        }
    }

    /**
     * The caller's own new password, given the current one. Written only over the record whose password was checked:
     * a new password an admin set meanwhile is not undone. {@code beforeWrite} gets the new password's stamp before
     * it is stored, so that the session the change comes from can accept it the moment it counts.
     */
    public OwnChange changeOwnPassword(Actor self, String current, String next, java.util.function.Consumer<String> beforeWrite) {
        var read = store.versioned(self.id()).filter(v -> v.principal().kind() == Actor.Kind.USER && !v.principal().revoked());
        if (read.isEmpty()) {
            return new OwnChange(OwnChange.Outcome.NOT_A_USER, null);
        }
        StoredPrincipal p = read.get().principal();
        if (!BcryptUtil.matches(current, p.secretHash())) {
            return new OwnChange(OwnChange.Outcome.WRONG_PASSWORD, null);
        }
        StoredPrincipal changed = p.withSecretHash(BcryptUtil.bcryptHash(next, BCRYPT_COST));
        beforeWrite.accept(changed.credentialStamp());
        if (!store.swap(read.get(), changed)) {
            return new OwnChange(OwnChange.Outcome.CHANGED_MEANWHILE, null);
        }
        changed(self, p, "PRINCIPAL_PASSWORD_CHANGED");
        return new OwnChange(OwnChange.Outcome.CHANGED, changed.credentialStamp());
    }

    private void changed(Actor by, StoredPrincipal p, String kind) {
        verified.clear();
        // A password changes many times: each entry has a reference of its own (the time), as an activation has.
        logged(kind, by.signature(), p, "/" + now());
    }

    /** A new API key; the key itself is returned once and never stored. */
    public Created createKey(Actor by, String name, List<String> roles, List<String> municipalities) {
        String key = Secrets.newKey();
        StoredPrincipal p = new StoredPrincipal(Secrets.newId("k-"), Actor.Kind.API_KEY, name, roles,
                scope(roles, municipalities), Secrets.sha256Hex(key), now(), by.signature(), null, null);
        store.create(p);
        logged("PRINCIPAL_CREATED", by.signature(), p);
        return new Created(p, key);
    }

    /**
     * Why a login may not be given to a new user, or null. Logins are unique across the service (the login form has
     * no municipality), so each municipality has its own namespace: a user of one municipality logs in as
     * {@code <municipality>.<name>}; a region's user (the centre's, or one of several municipalities, which only the
     * centre creates) under no municipality's name. A login taken is then one of the new user's own municipality, or
     * in the region's namespace where only the centre creates — a {@code 409} never tells an admin that a user exists
     * elsewhere (it did). A user's name is also its signature in what it records, which each of its municipalities
     * reads: a region's user names none of them. Logins stored before the rule stay as they are.
     */
    public String loginProblem(String login, List<String> roles, List<String> municipalities) {
        String l = PrincipalStore.normalise(login);
        int dot = l.indexOf('.');
        String prefix = dot < 0 ? "" : l.substring(0, dot);
        if (roles.contains(Roles.CENTRE) || municipalities.size() != 1) {
            return allMunicipalities.contains(prefix)
                    ? "a region's user (centre, or of several municipalities) takes no municipality's name: \""
                            + prefix + ".\" is one"
                    : null;
        }
        String m = municipalities.get(0);
        return prefix.equals(m) && dot < l.length() - 1 ? null
                : "must start with its municipality and a dot, e.g. \"" + m + ".dispatcher\"";
    }

    /**
     * Whether {@code by} may give this login to a new user, as far as revoked administrators go: one who had it makes it
     * the centre's to give. An admin may revoke a peer administrator, but not set a peer's password; giving the peer's
     * login again with a password of its choosing would be that reset by another way — the new user logs in, and
     * signs the console, under the peer's login.
     */
    public LoginReuse loginReuse(Actor by, String login) {
        if (by.has(Roles.CENTRE) || store.byLogin(login).isPresent()) {
            return LoginReuse.FREE_OR_TAKEN; // taken: createUser says so
        }
        List<StoredPrincipal> admins = store.revokedUsers(login).stream().filter(p -> p.roles().contains(Roles.ADMIN)).toList();
        if (admins.isEmpty()) {
            return LoginReuse.FREE_OR_TAKEN;
        }
        // One the caller never managed (a login kept from before the namespaces): told as taken, as an active one is
        return admins.stream().allMatch(p -> manages(by, p)) ? LoginReuse.CENTRE_ONLY : LoginReuse.TAKEN;
    }

    /** Whether a login may be given to a new user by the caller ({@link #loginReuse}). */
    public enum LoginReuse {
        FREE_OR_TAKEN, CENTRE_ONLY, TAKEN
    }

    /** A new user; empty when the login is taken. */
    public Optional<StoredPrincipal> createUser(Actor by, String login, String password, List<String> roles,
            List<String> municipalities) {
        StoredPrincipal p = new StoredPrincipal(Secrets.newId("u-"), Actor.Kind.USER, login.strip(), roles,
                scope(roles, municipalities), BcryptUtil.bcryptHash(password, BCRYPT_COST), now(), by.signature(), null, null);
        if (!store.create(p)) {
            return Optional.empty();
        }
        logged("PRINCIPAL_CREATED", by.signature(), p);
        return Optional.of(p);
    }

    public record Created(StoredPrincipal principal, String key) {
    }

    /** Active principals of a kind that {@code by} may see and manage. */
    public List<StoredPrincipal> list(Actor by, Actor.Kind kind) {
        return store.active().stream().filter(p -> p.kind() == kind && manages(by, p)).toList();
    }

    /** Revokes a principal {@code by} may manage; false when there is none (or it is not theirs to see). */
    public boolean revoke(Actor by, Actor.Kind kind, String id) {
        Optional<StoredPrincipal> p = store.byId(id).filter(x -> x.kind() == kind && !x.revoked() && manages(by, x));
        p.ifPresent(x -> {
            store.revoke(x.revoke(now(), by.signature()));
            verified.clear();
            logged("PRINCIPAL_REVOKED", by.signature(), x);
        });
        return p.isPresent();
    }

    /**
     * {@code centre} manages everyone; an {@code admin} manages the principals that are not {@code centre} and act
     * only in the admin's own municipalities (anything wider would show the admin another municipality).
     */
    public static boolean manages(Actor by, StoredPrincipal p) {
        if (by.has(Roles.CENTRE)) {
            return true;
        }
        return by.has(Roles.ADMIN) && !p.centre() && !p.municipalities().isEmpty()
                && by.municipalities().containsAll(p.municipalities());
    }

    /** Into the log of every municipality the principal acts in (a centre principal: all of them); no secret. */
    private void logged(String kind, String by, StoredPrincipal p) {
        logged(kind, by, p, "");
    }

    /**
     * Each municipality's log names only that municipality among the principal's: its auditors read the entry, and
     * a principal of several municipalities (a region's monitoring key) once listed all of them in every log.
     */
    private void logged(String kind, String by, StoredPrincipal p, String refSuffix) {
        for (String m : p.centre() ? allMunicipalities : java.util.Set.copyOf(p.municipalities())) {
            StoredPrincipal.View v = p.view();
            log.append(m, kind, by, "principal/" + p.id() + "/" + kind + refSuffix, new StoredPrincipal.View(v.id(),
                    v.kind(), v.name(), v.roles(), p.centre() ? List.of() : List.of(m), v.createdAt(), v.createdBy()));
        }
    }

    private static List<String> scope(List<String> roles, List<String> municipalities) {
        return roles.contains(Roles.CENTRE) ? List.of() : List.copyOf(municipalities);
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    private static void writeOwnerOnly(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Set<PosixFilePermission> rw = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
                Files.createFile(file, PosixFilePermissions.asFileAttribute(rw));
            }
            Files.writeString(file, content, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the bootstrap key to " + file, e);
        }
    }
}
