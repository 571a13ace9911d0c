package ru.mcu.marshrut.audit.log;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.infinispan.AdvancedCache;
import org.infinispan.Cache;
import org.infinispan.context.Flag;
import org.infinispan.manager.EmbeddedCacheManager;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.Startup;

import ru.mcu.marshrut.MarshrutConfig;
import ru.mcu.marshrut.municipalities.MunicipalityCatalog;
import ru.mcu.marshrut.persistence.IsoText;
import ru.mcu.marshrut.persistence.JsonBytes;
import ru.mcu.marshrut.persistence.PersistentCaches;

/**
 * One append-only Merkle log per municipality of every decision and every change that affects decisions (RFC 9162
 * hashing, C2SP checkpoints). Appending takes the next index from a counter and writes the entry bytes through
 * before the caller answers — no lock shared by requests; a single background hasher then hashes the new entries
 * in order, stores the complete-subtree hashes and signs a new checkpoint, at most {@link #MERGE_DELAY_MS} after an
 * append. Entries are stored and served exactly as hashed.
 */
@ApplicationScoped
@Startup
public class AuditLog {

    private static final Logger LOG = Logger.getLogger(AuditLog.class);
    /** CT's maximum merge delay, here: how long an appended entry may wait for a signed tree head. */
    public static final long MERGE_DELAY_MS = 1_000;
    static final long HASH_EVERY_MS = 200;
    /** An index taken but never written (the writer failed) is filled with a VOID entry after this long. */
    static final long VOID_AFTER_MS = 5_000;
    private static final int STRAGGLER_WINDOW = 1_024;

    private final AdvancedCache<String, byte[]> entries;
    /** Writes of keys that are new by construction: no previous value to load from the store or to return. */
    private final AdvancedCache<String, byte[]> newEntries;
    /** Held entries written straight to the store (single node only, as held writes are; null in a cluster). */
    private final ru.mcu.marshrut.persistence.DirectWrites directEntries;
    private final AdvancedCache<String, byte[]> newNodes;
    private final Cache<String, byte[]> nodes;
    private final Cache<String, byte[]> meta;
    /** In a cluster: the next index of each municipality's log, taken by compare-and-set from any node. */
    private final Cache<String, Long> counters;
    private final EmbeddedCacheManager manager;
    private final boolean clustered;
    private final ObjectMapper json;
    private final Checkpoints signer;
    private final Map<String, Log> logs = new ConcurrentHashMap<>();
    /** The configured municipalities, whose logs the hasher restores and keeps hashed. */
    private final List<String> municipalities;
    private final ScheduledExecutorService hasher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "audit-log-hasher");
        t.setDaemon(true);
        return t;
    });

    /** A municipality's log: the next index to hand out, how far it is hashed, and its latest signed head. */
    private static final class Log {
        final AtomicLong next = new AtomicLong();
        volatile long hashed;
        volatile String checkpoint;
        long missingSince;
        /** Leaf hashes computed by the appenders, so the hasher need not read the entries back from the store. */
        final Map<Long, byte[]> leaves = new ConcurrentHashMap<>();
        /**
         * Indexes whose entry is written in a write scope not yet committed: readable in the cache, not yet durable.
         * The hasher waits for them: it signs nothing that a crash could still take away.
         */
        final java.util.Set<Long> writing = ConcurrentHashMap.newKeySet();
        /** The first index whose entry has an ordered key ({@link #orderedKey}); those before keep their first key. */
        long orderedFrom;
        /** A stored head signed by a key replaced at this start: signed again once its tree is found unchanged. */
        volatile String replacedKeyHead;
        /** No head is signed for this log until a restart: its stored tree does not extend its signed head. */
        volatile boolean refused;

        String key(String m, long index) {
            return index < orderedFrom ? legacyKey(m, index) : orderedKey(m, index);
        }
    }

    /**
     * One entry as logged: its bytes (this record as JSON, in this field order) are the leaf the tree hashes.
     * {@code payload} is the decision, event, version or state the entry is about.
     */
    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "AuditEntry")
    public record Entry(long index, String time, String kind, String municipality, String principal, String ref,
            Object payload) {
    }

    public record Proof(long leafIndex, long treeSize, String leafHash, List<String> auditPath, String checkpoint) {
    }

    public record Consistency(long first, long second, List<String> proof) {
    }

    public record Mismatch(long index, String problem) {
    }

    public record Verification(String municipality, long treeSize, boolean valid, long checked, String root,
            @org.eclipse.microprofile.openapi.annotations.media.Schema(nullable = true, description = "The first entry that does not match; null when the log is valid")
            Mismatch firstMismatch) {
    }

    @jakarta.inject.Inject
    public AuditLog(EmbeddedCacheManager manager, MarshrutConfig config, ObjectMapper json, MunicipalityCatalog municipalities) {
        this(manager, Path.of(config.dataDir()), config.audit().syncWrites(), json, municipalities.ids());
    }

    /** Engine-level use (tests, benchmarks): the log on a cache manager and data directory of one's own. */
    public AuditLog(EmbeddedCacheManager manager, Path dir, boolean sync, ObjectMapper json,
            java.util.Collection<String> municipalities) {
        this.entries = PersistentCaches.<byte[]>open(manager, dir, "audit-entries", sync).getAdvancedCache();
        this.nodes = PersistentCaches.open(manager, dir, "audit-nodes", sync);
        this.newEntries = entries.withFlags(Flag.IGNORE_RETURN_VALUES, Flag.SKIP_CACHE_LOAD);
        this.directEntries = ru.mcu.marshrut.persistence.DirectWrites.of(entries);
        this.newNodes = nodes.getAdvancedCache().withFlags(Flag.IGNORE_RETURN_VALUES, Flag.SKIP_CACHE_LOAD);
        this.meta = PersistentCaches.open(manager, dir, "audit-meta", true, PersistentCaches.Spread.REPLICATED);
        this.manager = manager;
        this.clustered = PersistentCaches.clustered(manager);
        this.counters = clustered ? PersistentCaches.open(manager, dir, "audit-counters", sync, PersistentCaches.Spread.REPLICATED)
                : null;
        this.json = json;
        this.signer = clustered ? Checkpoints.shared(dir, meta) : Checkpoints.open(dir);
        if (!endsWithNullPayload(JsonBytes.write(json, new Entry(0, "", "", "", "", "", null)))) {
            // decisionHead writes a decision's bytes in place of a null payload, which the mapper must write out
            throw new IllegalStateException("The audit log needs a JSON mapper that writes null fields");
        }
        // The logs are restored by the hasher's first run, not here: restoring probes the store past each log's hashed
        // size (thousands of reads, ≈ 0.1 s of a start); a request that appends first restores its own log.
        this.municipalities = List.copyOf(municipalities);
        hasher.scheduleWithFixedDelay(this::hashAll, HASH_EVERY_MS, HASH_EVERY_MS, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    public void stop() {
        hasher.shutdown();
        try {
            hasher.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Appends an entry and returns its index; its bytes have reached the store when this returns. {@code ref}: the
     * id of what it records (a decision id, an event id), by which its entry is found again.
     */
    public long append(String municipality, String kind, String principal, String ref, Object payload) {
        Log log = log(municipality);
        if (!clustered) {
            // The index is this call's alone (the counter), and the hasher does not fill it with a VOID entry while
            // it is being written: the entry and its reference go to the store as one write, with no read before it
            long index = log.next.getAndIncrement();
            log.writing.add(index);
            try {
                byte[] bytes = entryBytes(index, municipality, kind, principal, ref, payload);
                if (ref == null) {
                    newEntries.put(log.key(municipality, index), bytes);
                } else {
                    newEntries.putAll(Map.of(log.key(municipality, index), bytes, refKey(municipality, ref),
                            ByteBuffer.allocate(8).putLong(index).array()));
                }
                log.leaves.put(index, Merkle.leafHash(bytes)); // only once stored: the hasher never signs what is not there
                return index;
            } finally {
                log.writing.remove(index);
            }
        }
        while (true) {
            long index = reserve(municipality);
            byte[] bytes = entryBytes(index, municipality, kind, principal, ref, payload);
            // In a cluster, never over an entry already there: a counter replayed on one copy when a node died hands
            // out an index twice, and the hasher fills an index it counts as given with a VOID entry after
            // VOID_AFTER_MS (perhaps signed since). The entry then takes the next index.
            if (!putNew(log.key(municipality, index), bytes)) {
                indexTaken(municipality, index);
                continue;
            }
            if (ref != null) {
                newEntries.put(refKey(municipality, ref), ByteBuffer.allocate(8).putLong(index).array());
            }
            log.leaves.put(index, Merkle.leafHash(bytes)); // only once stored: the hasher never signs what is not there
            return index;
        }
    }

    /**
     * Writes an entry where none is: true if it is there now. A write retried by Infinispan after a topology change
     * may answer its own bytes as the value that was there (its first attempt reached the owner); an entry's bytes
     * hold the time it was made, so equal bytes are this write's.
     */
    private boolean putNew(String key, byte[] bytes) {
        byte[] there = entries.putIfAbsent(key, bytes);
        return there == null || Arrays.equals(there, bytes);
    }

    /**
     * The index reserved for an entry holds another one (see {@link #append}): nothing was written, and the caller
     * writes its entry at a new index.
     */
    public static final class IndexTaken extends RuntimeException {
        IndexTaken(String municipality, long index) {
            super("audit log " + municipality + ": entry " + index + " is already written", null, false, false);
        }
    }

    private static void indexTaken(String municipality, long index) {
        LOG.warnf("Audit log %s: entry %d was already written when its writer came (filled as VOID while it was"
                + " on its way, or the index given twice); the entry is written at the next index", municipality, index);
    }

    /**
     * Takes the next index of a municipality's log for an entry the caller writes with {@link #writeDecision} (or, if
     * it cannot, with {@link #writeVoid}): a decision's id names its entry, so the index comes first.
     */
    public long reserve(String municipality) {
        Log log = log(municipality);
        return clustered ? takeIndex(municipality, log) : log.next.getAndIncrement();
    }

    /**
     * Writes the head of a decision's entry at its reserved index into {@code out}, up to its payload — the bytes of
     * {@link Entry} with the decision as payload, the last field, are this head, the decision's JSON and a closing
     * brace, which the caller writes into the same buffer before {@link #writeDecision}: the entry is built where the
     * decision is serialized, and copied out once. Returns where the payload starts.
     */
    public int decisionHead(JsonBytes.Buffer out, String municipality, long index, String principal,
            String decisionId) {
        try {
            json.writeValue(out, new Entry(index, IsoText.instant(Instant.now()), "DECISION", municipality, principal,
                    decisionId, null));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        // {"index":…,"ref":"…","payload":null} → {"index":…,"ref":"…","payload": (the constructor checked its tail)
        out.truncate(out.size() - "null}".length());
        return out.size();
    }

    /**
     * Stores a decision's entry, built with {@link #decisionHead}, at its reserved index: the decision's record of
     * record (the decision store reads it back from here, so a decision is written once and what is served is what is
     * proved). The decision's id names the index ({@link DecisionIds}), so no second key is written. Throws
     * {@link IndexTaken} if the index holds an entry already.
     */
    public void writeDecision(String municipality, long index, byte[] entry) {
        Log log = log(municipality);
        // Never over an entry already there (see append): the decision is stored under an id naming another index
        if (!putNew(log.key(municipality, index), entry)) {
            indexTaken(municipality, index);
            throw new IndexTaken(municipality, index);
        }
        log.leaves.put(index, Merkle.leafHash(entry)); // only once stored: nothing unstored is signed
    }

    /**
     * {@link #writeDecision} inside a {@link ru.mcu.marshrut.persistence.WriteScope}, of the entry as written into
     * {@code entry}: not durable until the scope commits, and not read before — its bytes are copied out of the buffer
     * into the scope's native memory, not onto the heap. The caller then calls {@link #decisionStored} with the leaf
     * hash returned here, or, if the commit failed, {@link #decisionNotStored}; until one of them the hasher does not
     * pass this index.
     */
    public byte[] writeDecisionHeld(String municipality, long index, JsonBytes.Buffer entry) {
        String key = log(municipality).key(municipality, index);
        if (directEntries != null) {
            // The index was reserved for this entry: its key is new, and no one reads it before it is stored (the
            // decision's id names it only once the decision is answered; the hasher waits for settled).
            directEntries.putNewUnread(key, entry);
        } else {
            newEntries.put(key, entry.toByteArray());
        }
        return Merkle.leafHash(entry);
    }

    /**
     * {@link #reserve} for a decision whose entry will be held in a write scope: the hasher does not pass the index
     * until {@link #settled} — not even to read what is at the index, which may be held and not yet durable.
     */
    public long reserveHeld(String municipality) {
        long index = reserve(municipality);
        log(municipality).writing.add(index);
        return index;
    }

    /**
     * The entry of {@link #writeDecisionHeld} is durable: its leaf hash (as that returned), for the hasher once the
     * index is settled.
     */
    public void decisionStored(String municipality, long index, byte[] leaf) {
        log(municipality).leaves.put(index, leaf);
    }

    /**
     * The entry of {@link #writeDecisionHeld} was not written (its scope's commit failed): taken out of the cache, so
     * that {@link #writeVoid} can fill the index.
     */
    public void decisionNotStored(String municipality, long index) {
        Log log = log(municipality);
        entries.remove(log.key(municipality, index));
    }

    /** The index of {@link #reserveHeld} has its final entry, stored or VOID (or none, for the hasher to fill). */
    public void settled(String municipality, long index) {
        log(municipality).writing.remove(index);
    }

    /**
     * Fills a reserved index whose decision will not be written (its item already had one, or its write failed) at
     * once, so that the hasher does not wait {@link #VOID_AFTER_MS} for it. Best effort: if this fails too, the hasher
     * fills the index with a VOID entry itself.
     */
    public void writeVoid(String municipality, long index, String principal, String ref, Object payload) {
        try {
            byte[] bytes = entryBytes(index, municipality, "VOID", principal, ref, payload);
            Log log = log(municipality);
            if (entries.putIfAbsent(log.key(municipality, index), bytes) == null) {
                log.leaves.put(index, Merkle.leafHash(bytes));
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "Audit log %s: entry %d left for the hasher to fill", municipality, index);
        }
    }

    private static final byte[] NULL_PAYLOAD_TAIL = ",\"payload\":null}".getBytes(StandardCharsets.UTF_8);

    private static boolean endsWithNullPayload(byte[] head) {
        int from = head.length - NULL_PAYLOAD_TAIL.length;
        return from > 0 && Arrays.equals(head, from, head.length, NULL_PAYLOAD_TAIL, 0, NULL_PAYLOAD_TAIL.length);
    }

    /** The entry bytes of the decision an id of {@link DecisionIds} names (the caller checks the entry's ref). */
    public Optional<byte[]> decisionEntry(String decisionId) {
        return DecisionIds.parse(decisionId).flatMap(at -> entry(at.municipality(), at.index()));
    }

    /** The entry bytes of the decisions among {@code decisionIds} that ids of {@link DecisionIds} name, by id. */
    public Map<String, byte[]> decisionEntries(java.util.Collection<String> decisionIds) {
        Map<String, String> idByKey = new LinkedHashMap<>();
        for (String id : decisionIds) {
            DecisionIds.parse(id).ifPresent(at -> idByKey.put(key(at.municipality(), at.index()), id));
        }
        Map<String, byte[]> out = new LinkedHashMap<>();
        if (!idByKey.isEmpty()) {
            entries.getAll(idByKey.keySet()).forEach((k, bytes) -> {
                if (bytes != null) {
                    out.put(idByKey.get(k), bytes);
                }
            });
        }
        return out;
    }

    /** The next index of a municipality's log, unique across the cluster (a compare-and-set on a replicated counter). */
    private long takeIndex(String m, Log log) {
        if (counters.get(m) == null) {
            counters.putIfAbsent(m, log.next.get()); // a log from before the counter: it continues where it stood
        }
        return counters.merge(m, 1L, ru.mcu.marshrut.persistence.Sum.LONG) - 1;
    }

    /** How many entries this node may rely on being appended (the hasher's horizon). */
    private long appended(String m, Log log) {
        if (!clustered) {
            return log.next.get();
        }
        Long n = counters.get(m);
        return n == null ? log.next.get() : n;
    }

    /** In a cluster the coordinator hashes and signs; every node reads the head it published. */
    private void refresh(String m, Log log) {
        if (clustered) {
            byte[] h = meta.get(m + "/hashed");
            long hashed = h == null ? 0 : ByteBuffer.wrap(h).getLong();
            if (hashed > log.hashed) {
                byte[] c = meta.get(m + "/checkpoint");
                log.checkpoint = c == null ? null : new String(c, StandardCharsets.UTF_8);
                log.hashed = hashed;
            }
        }
    }

    public Optional<Long> indexOf(String municipality, String ref) {
        var named = DecisionIds.parse(ref); // a decision's id names its entry; no reference key was written
        if (named.isPresent() && named.get().municipality().equals(municipality)) {
            long index = named.get().index();
            return entry(municipality, index).filter(e -> header(e).ref().equals(ref)).map(e -> index);
        }
        byte[] b = entries.get(refKey(municipality, ref));
        return b == null ? Optional.empty() : Optional.of(ByteBuffer.wrap(b).getLong());
    }

    /** The entry bytes exactly as hashed. */
    public Optional<byte[]> entry(String municipality, long index) {
        return Optional.ofNullable(entries.get(key(municipality, index)));
    }

    public long treeSize(String municipality) {
        Log log = log(municipality);
        refresh(municipality, log);
        return log.hashed;
    }

    /** The latest signed checkpoint. */
    public String checkpoint(String municipality) {
        Log log = log(municipality);
        refresh(municipality, log);
        String c = log.checkpoint;
        return c != null ? c : signer.sign(Checkpoints.body(municipality, 0, Merkle.emptyRoot()));
    }

    /**
     * The signed checkpoint of any tree size up to the hashed one: the latest head itself at its size, or a head signed
     * now of a tree the stored one proves consistent with the latest head (Ed25519 signs the same note the same way).
     * The stored tree is not trusted to be the one that was signed: rewritten behind the service's back with its
     * entries, it gave a head of the latest size with another root, signed by the service itself.
     */
    public String checkpoint(String municipality, long size) {
        Log log = log(municipality);
        refresh(municipality, log);
        String head = log.checkpoint;
        // The anchor checked as the hasher checks it: a head removed from the store, or one the key did not sign, let a
        // proof or an export head be given over a rewritten tree (a head signed by a replaced key waits for the hasher,
        // which signs it again, at most one pass)
        if (head == null && log.hashed > 0) {
            throw new DamagedLogException(municipality, "подписанная голова дерева отсутствует, хотя журнал хэширован до"
                    + " записи " + log.hashed);
        }
        if (head != null && log.replacedKeyHead == null && signer.signedBody(head).isEmpty()) {
            throw new DamagedLogException(municipality, "сохранённая голова дерева не подписана ключом журнала");
        }
        Merkle.Nodes n = nodes(municipality);
        byte[] root = Merkle.root(n, size);
        if (head != null) {
            long headSize = headSize(municipality, head);
            if (size == headSize && Arrays.equals(root, headRoot(head))) {
                return head;
            }
            if (!consistent(n, headSize, headRoot(head), size, root)) {
                throw new DamagedLogException(municipality, "хранимое дерево размера " + size
                        + " не согласуется с подписанной головой размера " + headSize);
            }
        }
        return signer.sign(Checkpoints.body(municipality, size, root));
    }

    /** Whether the stored tree proves the trees of the two sizes, with these roots, one an extension of the other. */
    private static boolean consistent(Merkle.Nodes n, long sizeA, byte[] rootA, long sizeB, byte[] rootB) {
        if (rootA == null || rootB == null) {
            return false;
        }
        long first = Math.min(sizeA, sizeB), second = Math.max(sizeA, sizeB);
        byte[] firstRoot = sizeA <= sizeB ? rootA : rootB, secondRoot = sizeA <= sizeB ? rootB : rootA;
        List<byte[]> proof = first == 0 || first == second ? List.of() : Merkle.consistencyProof(n, first, second);
        return Merkle.verifyConsistency(first, second, firstRoot, secondRoot, proof);
    }

    private static byte[] storedLeaf(Merkle.Nodes n, long i) {
        try {
            return n.node(0, i);
        } catch (DamagedLogException e) {
            return null;
        }
    }

    /** The root a head states, its signature unchecked; null when it states none. */
    private static byte[] headRoot(String note) {
        String[] body = note.split("\n", 4);
        try {
            byte[] root = body.length >= 3 ? Base64.getDecoder().decode(body[2]) : null;
            return root != null && root.length == 32 ? root : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The stored tree does not agree with the head the log signed (rewritten, or a node lost behind the service's
     * back): nothing is proved or signed from it. GET …/audit/verify names the place.
     */
    public static final class DamagedLogException extends IllegalStateException {
        public DamagedLogException(String municipality, String what) {
            super("Журнал аудита " + municipality + " повреждён: " + what + "; доказательства и подписи по нему не"
                    + " выдаются, место называет GET /api/v1/municipalities/" + municipality + "/audit/verify");
        }
    }

    public String verifierKey() {
        return signer.verifierKey();
    }

    /** The inclusion proof of an entry in the latest tree; waits up to the merge delay for the entry to be hashed. */
    public Optional<Proof> proof(String municipality, long index) {
        Log log = log(municipality);
        long deadline = System.currentTimeMillis() + 2 * MERGE_DELAY_MS;
        refresh(municipality, log);
        while (log.hashed <= index && System.currentTimeMillis() < deadline) {
            sleep(20);
            refresh(municipality, log);
        }
        long size = log.hashed;
        if (index >= size) {
            return Optional.empty();
        }
        Merkle.Nodes n = nodes(municipality);
        String head = checkpoint(municipality, size);
        byte[] leaf = n.node(0, index);
        List<byte[]> path = Merkle.inclusionProof(n, index, size);
        // Checked before it is handed out: a path through a node changed behind the service's back proves nothing
        if (!Merkle.verifyInclusion(index, size, leaf, path, headRoot(head))) {
            throw new DamagedLogException(municipality, "путь записи " + index + " не ведёт к корню подписанной головы");
        }
        return Optional.of(new Proof(index, size, b64(leaf), path.stream().map(AuditLog::b64).toList(), head));
    }

    /**
     * Throws {@link DamagedLogException} when the stored entry at {@code index} is not the one the signed tree holds:
     * what a replay re-decides must be the decision as it was signed (an entry changed behind the service's back was
     * replayed, and its difference blamed on the engine). An entry not hashed yet is taken as it is.
     */
    public void requireSigned(String municipality, long index) {
        Optional<Proof> proof = proof(municipality, index); // checked against the latest head, or DamagedLogException
        if (proof.isEmpty()) {
            return;
        }
        byte[] entry = entries.get(key(municipality, index));
        if (entry == null || !b64(Merkle.leafHash(entry)).equals(proof.get().leafHash())) {
            throw new DamagedLogException(municipality, "запись " + index + " изменена после того, как вошла в подписанное"
                    + " дерево (или удалена); по ней ничего не воспроизводится");
        }
    }

    /** RFC 9162 §2.1.4.1 between two tree sizes; requires 0 < first <= second <= tree size. */
    public Consistency consistency(String municipality, long first, long second) {
        Merkle.Nodes n = nodes(municipality);
        List<byte[]> proof = Merkle.consistencyProof(n, first, second);
        String head = checkpoint(municipality);
        // To the latest head (what a monitor asks): checked against it before it is handed out
        if (second == headSize(municipality, head) && !Merkle.verifyConsistency(first, second, Merkle.root(n, first),
                headRoot(head), proof)) {
            throw new DamagedLogException(municipality, "доказательство согласованности " + first + "–" + second
                    + " не ведёт к корню подписанной головы");
        }
        return new Consistency(first, second, proof.stream().map(AuditLog::b64).toList());
    }

    /**
     * Recomputes the tree from the stored entries and names the first entry that does not match what was hashed
     * and signed: changed, missing, or moved (holding another index).
     */
    public Verification verify(String municipality) {
        // Up to the latest signed head, taken first (the hasher may sign a newer one meanwhile): the store's own
        // record of how far it hashed can be lowered behind the service's back, the signed head cannot be re-signed
        // without the key.
        Log log = log(municipality);
        refresh(municipality, log);
        if (log.checkpoint == null && log.hashed > 0) {
            // Its head removed from the store: the empty tree's head stood in for it, and the log was found valid
            return new Verification(municipality, log.hashed, false, 0, null, new Mismatch(-1,
                    "подписанная голова дерева отсутствует, хотя журнал хэширован до записи " + log.hashed));
        }
        String head = checkpoint(municipality);
        String[] body = signer.signedBody(head).map(b -> b.split("\n")).orElse(new String[0]);
        if (body.length != 3 || !body[0].equals("marshrut/" + municipality) || !body[1].matches("\\d{1,18}")) {
            return new Verification(municipality, treeSize(municipality), false, 0, null,
                    new Mismatch(-1, "сохранённая голова дерева не подписана ключом журнала или не принадлежит журналу "
                            + municipality));
        }
        long size = Long.parseLong(body[1]);
        Merkle.Nodes n = nodes(municipality);
        RootBuilder root = new RootBuilder();
        Mismatch first = null;
        // The stored tree's inner nodes, recomputed from its leaves: proofs are built from them, and one changed or
        // lost behind the service's back was found only when a proof failed (a 500)
        Mismatch[] node = { null };
        RootBuilder.Closed compare = (level, index, hash) -> {
            if (node[0] == null) {
                byte[] stored;
                try {
                    stored = n.node(level, index);
                } catch (DamagedLogException e) {
                    stored = null;
                }
                if (!Arrays.equals(stored, hash)) {
                    node[0] = new Mismatch(index << level, "узел дерева " + level + "/" + index + " (записи "
                            + (index << level) + "–" + (((index + 1) << level) - 1) + ") "
                            + (stored == null ? "отсутствует" : "не совпадает с записями"));
                }
            }
        };
        for (long i = 0; i < size; i++) {
            byte[] e = entries.get(key(municipality, i));
            if (e == null) {
                first = first != null ? first : new Mismatch(i, "запись " + i + " отсутствует (удалена)");
                root.add(Merkle.emptyRoot());
                continue;
            }
            long held = indexIn(e);
            byte[] leaf = Merkle.leafHash(e);
            root.add(leaf, compare);
            if (first == null && held != i) {
                first = new Mismatch(i, "на месте записи " + i + " лежит запись " + held + " (порядок нарушен)");
            } else if (first == null && !Arrays.equals(leaf, storedLeaf(n, i))) {
                first = new Mismatch(i, storedLeaf(n, i) == null ? "хеш записи " + i + " в дереве отсутствует"
                        : "запись " + i + " изменена: её хеш не совпадает с подписанным деревом");
            }
            if (first == null && node[0] != null) {
                first = node[0];
            }
        }
        byte[] recomputed = size == 0 ? Merkle.emptyRoot() : root.root();
        byte[] stored;
        try {
            stored = Merkle.root(n, size);
        } catch (DamagedLogException e) {
            stored = null;
        }
        if (first == null && !Arrays.equals(recomputed, stored)) {
            first = new Mismatch(-1, "корень, пересчитанный по записям, не совпадает с сохранённым деревом");
        }
        // Entries and the stored tree rewritten together still give another root than the signed one
        if (first == null && !Arrays.equals(recomputed, Base64.getDecoder().decode(body[2]))) {
            first = new Mismatch(-1, "корень, пересчитанный по записям, не совпадает с подписанной головой дерева");
        }
        return new Verification(municipality, size, first == null, size, b64(recomputed), first);
    }

    /**
     * JSON Lines: {"index", "entry": base64 of the exact bytes} per entry in [from, to), then {"checkpoint"} of the tree
     * that ends with the last exported entry.
     */
    public void export(String municipality, long from, long to, OutputStream out) throws IOException {
        export(municipality, from, to).writeTo(out);
    }

    /**
     * An export whose head is signed now — or refused, the stored tree being damaged, before an answer is begun: a
     * refusal met while streaming would cut a {@code 200} short.
     */
    public Export export(String municipality, long from, long to) {
        long end = Math.min(to, treeSize(municipality));
        return new Export(municipality, Math.max(0, from), end, checkpoint(municipality, end));
    }

    /** The entries [from, end) of a log and the head of the tree that ends with the last of them. */
    public final class Export {
        private final String municipality;
        private final long from;
        private final long end;
        private final String checkpoint;

        Export(String municipality, long from, long end, String checkpoint) {
            this.municipality = municipality;
            this.from = from;
            this.end = end;
            this.checkpoint = checkpoint;
        }

        public void writeTo(OutputStream out) throws IOException {
            exportLines(municipality, from, end, checkpoint, out);
        }
    }

    private void exportLines(String municipality, long from, long end, String checkpoint, OutputStream out)
            throws IOException {
        for (long i = from; i < end; i++) {
            byte[] e = entries.get(key(municipality, i));
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("index", i);
            line.put("entry", e == null ? null : Base64.getEncoder().encodeToString(e));
            out.write(json.writeValueAsBytes(line));
            out.write('\n');
        }
        // The head of the exported range, so that an export of [0, to) can be checked on its own.
        out.write(json.writeValueAsBytes(Map.of("checkpoint", checkpoint)));
        out.write('\n');
    }

    /** Hashes what was appended since the last run, in index order, and signs a new head. */
    public synchronized void hashAll() {
        if (clustered && !manager.isCoordinator()) {
            // One signer per cluster: the coordinator (another node takes over when it leaves). The leaf hashes this
            // node kept of what it appended are of no use once the coordinator has hashed past them: dropped, or a
            // node that never signs would keep one per entry it wrote, for ever
            for (Map.Entry<String, Log> e : logs.entrySet()) {
                try {
                    refresh(e.getKey(), e.getValue());
                    dropHashed(e.getValue());
                } catch (RuntimeException x) {
                    LOG.errorf(x, "Audit log %s: cannot read how far it is hashed; will retry", e.getKey());
                }
            }
            return;
        }
        for (String m : municipalities) {
            try {
                log(m);
            } catch (RuntimeException x) {
                LOG.errorf(x, "Audit log %s: cannot be read back from the store; will retry", m);
            }
        }
        for (Map.Entry<String, Log> e : logs.entrySet()) {
            try {
                hash(e.getKey(), e.getValue());
                dropHashed(e.getValue()); // a leaf put just after the hasher passed its index (read from the store)
            } catch (RuntimeException x) {
                LOG.errorf(x, "Audit log %s: hashing failed; will retry", e.getKey());
            }
        }
    }

    /** The leaf hashes below the hashed size: the hasher starts from that size and never reads them. */
    private static void dropHashed(Log log) {
        long hashed = log.hashed;
        if (!log.leaves.isEmpty()) {
            log.leaves.keySet().removeIf(i -> i < hashed);
        }
    }

    private void hash(String m, Log log) {
        if (log.refused) {
            return; // until a restart: re-hashing what came since, every pass, held up every other log
        }
        try {
            hashChecked(m, log);
        } catch (DamagedLogException e) {
            refuse(m, log, e.getMessage());
        }
    }

    /** No new head for this log until a restart, said once. */
    private static void refuse(String m, Log log, String why) {
        log.refused = true;
        LOG.errorf("Audit log %s: %s. No new head is signed until a restart; entries are still appended and kept"
                + " (GET .../audit/verify names the place)", m, why);
    }

    private void hashChecked(String m, Log log) {
        boolean resigned = false;
        refresh(m, log);
        long h = log.hashed;
        long n = appended(m, log);
        Tiles tiles = new Tiles(m);
        if (log.replacedKeyHead != null) {
            String[] body = log.replacedKeyHead.split("\n", 4);
            boolean same;
            try {
                same = body.length >= 3 && body[0].equals("marshrut/" + m) && body[1].matches("\\d{1,18}")
                        && Long.parseLong(body[1]) <= h
                        && Arrays.equals(Base64.getDecoder().decode(body[2]), Merkle.root(tiles, Long.parseLong(body[1])));
            } catch (RuntimeException notAHeadOrNoTree) {
                // not a head, or the tree's nodes under it are gone (IllegalStateException): not the same tree — and
                // the replaced head is still dropped below, so that the hasher does not fail on it at every pass
                same = false;
            }
            if (same) {
                LOG.warnf("Audit log %s: the tree head signed by the replaced key is signed again with the new key", m);
                log.checkpoint = null; // signed below, at the hashed size
                resigned = true;
            } else {
                LOG.errorf("Audit log %s: the stored tree head, signed by a replaced key, does not match the stored tree:"
                        + " it is kept, and verify reports the log", m);
            }
            log.replacedKeyHead = null;
        }
        while (h < n) {
            if (log.writing.contains(h)) {
                break; // its writer's scope has not committed: nothing that is not durable is signed
            }
            byte[] leaf = log.leaves.remove(h);
            byte[] e = leaf != null ? null : entries.get(log.key(m, h));
            if (leaf == null && e == null) {
                long now = System.currentTimeMillis();
                if (log.missingSince == 0) {
                    log.missingSince = now;
                }
                if (now - log.missingSince < VOID_AFTER_MS) {
                    break; // a writer is still on its way
                }
                entries.putIfAbsent(log.key(m, h), entryBytes(h, m, "VOID", "Маршрут", null,
                        Map.of("reason", "номер записи выдан, но запись не сохранена (ошибка записи)")));
                continue;
            }
            log.missingSince = 0;
            long idx = h;
            int level = 0;
            byte[] cur = leaf != null ? leaf : Merkle.leafHash(e);
            tiles.put(0, idx, cur);
            while ((idx & 1) == 1) {
                cur = Merkle.nodeHash(tiles.node(level, idx - 1), cur);
                idx >>= 1;
                level++;
                tiles.put(level, idx, cur);
            }
            h++;
        }
        if (h != log.hashed || log.checkpoint == null) {
            byte[] root = Merkle.root(tiles, h);
            String previous = log.checkpoint;
            // A new head only over a tree proved to extend the head this key signed before: one rewritten behind the
            // service's back (entries and stored tree together) was signed over by the next head, and verify found it
            // valid then. The anchor itself is checked: a head removed from the store, or one not signed by the key,
            // anchored nothing, and the rewrite was signed over all the same
            if (previous == null && !resigned && log.hashed > 0) {
                refuse(m, log, "the store holds no signed head of a log hashed to " + log.hashed);
                return;
            }
            if (previous != null && signer.signedBody(previous).isEmpty()) {
                refuse(m, log, "the stored head is not signed by the log's key");
                return;
            }
            if (previous != null && !consistent(tiles, headSize(m, previous), headRoot(previous), h, root)) {
                refuse(m, log, "the stored tree does not extend the signed head of size " + headSize(m, previous));
                return;
            }
            tiles.flush();
            String note = signer.sign(Checkpoints.body(m, h, root));
            // The head before the count: a crash between them leaves a head ahead of the count (restore takes it as
            // the floor), never a count without its head, which the check above takes for a removed head
            meta.put(m + "/checkpoint", note.getBytes(StandardCharsets.UTF_8));
            meta.put(m + "/hashed", ByteBuffer.allocate(8).putLong(h).array());
            log.checkpoint = note;
            log.hashed = h;
        }
    }

    private Log log(String municipality) {
        return logs.computeIfAbsent(municipality, this::restore);
    }

    /** At start: the hashed size and head from the store; appends past it (a crash before hashing) are found again. */
    private Log restore(String m) {
        Log log = new Log();
        byte[] h = meta.get(m + "/hashed");
        log.hashed = h == null ? 0 : ByteBuffer.wrap(h).getLong();
        byte[] c = meta.get(m + "/checkpoint");
        log.checkpoint = c == null ? null : new String(c, StandardCharsets.UTF_8);
        // The signed head is the floor: a store whose own count is below it lost entries (or was cut back behind the
        // service's back). Hashing and new indexes go on from the head, so that verify still names what is missing and
        // no new head is signed over a shorter log.
        long signed = signer.signedBody(log.checkpoint).map(b -> b.split("\n"))
                .filter(b -> b.length == 3 && b[1].matches("\\d{1,18}")).map(b -> Long.parseLong(b[1])).orElse(0L);
        if (log.checkpoint != null && signer.signedBody(log.checkpoint).isEmpty() && signer.generatedAtThisStart()) {
            // The key was replaced (docs/AUDIT.md: the old file removed, a new key made at this start). Served as it
            // was, the old key's head failed every check against the published key until the log grew: the hasher
            // signs it again with the new key — only if the stored tree still has that head's size and root, so that
            // deleting the key file does not launder a log cut back or rewritten meanwhile (verify then reports it).
            log.replacedKeyHead = log.checkpoint;
            // Its size is a floor all the same: cut back and then appended to, the log used to give the cut indexes
            // again and sign a shorter head over them with the new key, and verify found nothing missing
            signed = Math.max(signed, headSize(m, log.checkpoint));
        }
        if (signed > log.hashed) {
            LOG.errorf("Audit log %s: the store counts %d hashed entries, its signed head %d: entries may have been removed;"
                    + " continuing from the signed head (GET .../audit/verify names them)", m, log.hashed, signed);
            log.hashed = signed;
        }
        log.orderedFrom = orderedFrom(m, log.hashed);
        // Every index below orderedFrom was taken before it was fixed: the next one is at least there.
        log.next.set(probeNext(Math.max(log.hashed, log.orderedFrom), i -> log.key(m, i)));
        return log;
    }

    /** The tree size a head of the municipality's log states, its signature unchecked; 0 when it is not one. */
    private static long headSize(String m, String note) {
        String[] body = note.split("\n", 4);
        return body.length >= 3 && body[0].equals("marshrut/" + m) && body[1].matches("\\d{1,18}")
                ? Long.parseLong(body[1]) : 0;
    }

    /**
     * The next index after the stored entries from {@code from} on: the first one missing, or past the last one
     * stored within {@link #STRAGGLER_WINDOW} after it (the gap before it is filled with VOID entries by the hasher).
     */
    private long probeNext(long from, java.util.function.LongFunction<String> key) {
        long next = from;
        while (entries.containsKey(key.apply(next))) {
            next++;
        }
        for (long probe = next + 1; probe <= next + STRAGGLER_WINDOW; probe++) {
            if (entries.containsKey(key.apply(probe))) {
                next = probe + 1;
            }
        }
        return next;
    }

    /**
     * From which index a log's entries have ordered keys, fixed in the log's meta the first time this build opens it:
     * 0 for a new log; for a log written before, the index after its last entry (which keep their keys). In a cluster
     * the first node to fix it wins and every node reads its value.
     */
    private long orderedFrom(String m, long hashed) {
        String k = m + ORDERED_FROM;
        byte[] b = meta.get(k);
        if (b == null) {
            byte[] mine = ByteBuffer.allocate(8).putLong(probeNext(hashed, i -> legacyKey(m, i))).array();
            byte[] first = meta.putIfAbsent(k, mine);
            b = first == null ? mine : first;
        }
        return ByteBuffer.wrap(b).getLong();
    }

    private static final String ORDERED_FROM = "/ordered-from";

    private byte[] entryBytes(long index, String m, String kind, String principal, String ref, Object payload) {
        Entry e = new Entry(index, IsoText.instant(Instant.now()), kind, m, principal, ref, payload);
        return JsonBytes.write(json, e);
    }

    /** The index an entry says it holds: entries start with {"index":N, as written above. */
    static long indexIn(byte[] entry) {
        int at = 9; // {"index":
        long v = 0;
        boolean any = false;
        while (at < entry.length && entry[at] >= '0' && entry[at] <= '9') {
            v = v * 10 + (entry[at++] - '0');
            any = true;
        }
        return any ? v : -1;
    }

    private Merkle.Nodes nodes(String m) {
        return (level, index) -> {
            byte[] tile = nodes.get(tileKey(m, level, index));
            int at = (int) (index % TILE) * 32;
            if (tile == null || tile.length < at + 32) {
                throw new DamagedLogException(m, "узел дерева " + level + "/" + index + " отсутствует");
            }
            return Arrays.copyOfRange(tile, at, at + 32);
        };
    }

    /** Complete-subtree hashes are stored in tiles of {@value #TILE} per level (as tlog tiles): few writes per batch. */
    static final int TILE = 256;

    /**
     * The tiles a hashing batch touches, kept in memory until the batch is written: each in a buffer of a whole tile
     * (tiles fill in index order, so growing one by a hash at a time would copy it again for every hash), written
     * as long as it is filled.
     */
    private final class Tiles implements Merkle.Nodes {
        private final String m;
        private final Map<String, Tile> dirty = new LinkedHashMap<>();

        Tiles(String m) {
            this.m = m;
        }

        private static final class Tile {
            final byte[] hashes = new byte[TILE * 32];
            int length;
        }

        void put(int level, long index, byte[] hash) {
            String key = tileKey(m, level, index);
            int at = (int) (index % TILE) * 32;
            Tile tile = dirty.get(key);
            if (tile == null) {
                tile = new Tile();
                byte[] stored = nodes.get(key);
                if (stored != null) {
                    System.arraycopy(stored, 0, tile.hashes, 0, stored.length);
                    tile.length = stored.length;
                }
                dirty.put(key, tile);
            }
            System.arraycopy(hash, 0, tile.hashes, at, 32);
            tile.length = Math.max(tile.length, at + 32);
        }

        @Override
        public byte[] node(int level, long index) {
            Tile tile = dirty.get(tileKey(m, level, index));
            if (tile != null) {
                int at = (int) (index % TILE) * 32;
                if (tile.length >= at + 32) {
                    return Arrays.copyOfRange(tile.hashes, at, at + 32);
                }
            }
            return nodes(m).node(level, index);
        }

        void flush() {
            dirty.forEach((key, tile) -> newNodes.put(key, Arrays.copyOf(tile.hashes, tile.length)));
            dirty.clear();
        }
    }

    /**
     * The store key of an entry. A log not read yet is read first (its keys' format is in its meta) — but not one of
     * a municipality the service does not have (an id from a request may name any): its meta is only read.
     */
    private String key(String m, long index) {
        Log log = logs.get(m);
        if (log == null) {
            if (!municipalities.contains(m)) {
                byte[] from = meta.get(m + ORDERED_FROM);
                return from != null && index >= ByteBuffer.wrap(from).getLong() ? orderedKey(m, index) : legacyKey(m, index);
            }
            log = log(m);
        }
        return log.key(m, index);
    }

    /** Digits of the largest index ({@link Long#MAX_VALUE}). */
    private static final int INDEX_DIGITS = 19;

    /**
     * "m/" and the index in {@value #INDEX_DIGITS} digits: keys sort as their indexes do, so a new entry's key comes
     * after every stored one and RocksDB moves each flushed file of new entries down without rewriting what it holds.
     * With the first keys ("m/" and the index as written, {@link #legacyKey}) "m/150000" sorts between "m/15000" and
     * "m/15001": every flushed file overlapped a stored one, and each compaction rewrote it (on the routing load,
     * 7–10 times the bytes written, docs/BENCHMARKS.md). No ordered key equals a first one: a first key with 19 digits
     * would be an index past 10^18.
     */
    static String orderedKey(String m, long index) {
        String digits = Long.toString(index);
        StringBuilder b = new StringBuilder(m.length() + 1 + INDEX_DIGITS).append(m).append('/');
        for (int i = digits.length(); i < INDEX_DIGITS; i++) {
            b.append('0');
        }
        return b.append(digits).toString();
    }

    /** The key of an entry written before {@link Log#orderedFrom}: "m/" and the index in decimal. */
    static String legacyKey(String m, long index) {
        return m + "/" + index;
    }

    private static String refKey(String m, String ref) {
        return m + "/ref/" + ref;
    }

    /** The fields of an entry before its payload that say what it is. */
    public record Header(String kind, String ref) {
    }

    /**
     * Reads an entry's fields up to its payload (payload last, as {@link Entry} writes it) and leaves the parser on
     * the payload's first token, so that a caller reads the payload without a second pass or an intermediate tree.
     */
    public static Header readHeader(com.fasterxml.jackson.core.JsonParser p) throws IOException {
        String kind = "";
        String ref = "";
        if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
            return new Header(kind, ref);
        }
        while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "kind" -> kind = String.valueOf(p.getValueAsString());
                case "ref" -> ref = String.valueOf(p.getValueAsString());
                case "payload" -> {
                    return new Header(kind, ref);
                }
                default -> p.skipChildren();
            }
        }
        return new Header(kind, ref);
    }

    private Header header(byte[] entry) {
        try (com.fasterxml.jackson.core.JsonParser p = json.getFactory().createParser(entry)) {
            return readHeader(p);
        } catch (IOException e) {
            return new Header("", "");
        }
    }

    private static String tileKey(String m, int level, long index) {
        return m + "/" + level + "/" + (index / TILE);
    }

    static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** MTH of a stream of leaf hashes, with a stack of complete subtrees (O(log n) memory). */
    static final class RootBuilder {
        private final List<byte[]> stack = new ArrayList<>();
        private final List<Long> sizes = new ArrayList<>();
        private long count;

        /** A complete subtree the leaves added so far close: its level (≥ 1), its index at that level, its hash. */
        interface Closed {
            void node(int level, long index, byte[] hash);
        }

        void add(byte[] leaf) {
            add(leaf, (level, index, hash) -> {
            });
        }

        void add(byte[] leaf, Closed closed) {
            byte[] cur = leaf;
            long size = 1;
            int level = 0;
            count++;
            while (!sizes.isEmpty() && sizes.get(sizes.size() - 1) == size) {
                cur = Merkle.nodeHash(stack.remove(stack.size() - 1), cur);
                sizes.remove(sizes.size() - 1);
                size *= 2;
                level++;
                closed.node(level, count / size - 1, cur);
            }
            stack.add(cur);
            sizes.add(size);
        }

        /** RFC 6962's root: the right edge folded from the smallest subtree up. */
        byte[] root() {
            byte[] cur = stack.get(stack.size() - 1);
            for (int i = stack.size() - 2; i >= 0; i--) {
                cur = Merkle.nodeHash(stack.get(i), cur);
            }
            return cur;
        }
    }
}
