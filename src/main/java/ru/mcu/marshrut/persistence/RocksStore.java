package ru.mcu.marshrut.persistence;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.Lock;
import java.util.function.Predicate;

import org.infinispan.commons.io.ByteBufferFactory;
import org.infinispan.commons.marshall.Marshaller;
import org.infinispan.commons.util.IntSet;
import org.infinispan.configuration.cache.StoreConfiguration;
import org.infinispan.persistence.spi.InitializationContext;
import org.infinispan.persistence.spi.MarshallableEntry;
import org.infinispan.persistence.spi.MarshallableEntryFactory;
import org.infinispan.persistence.spi.NonBlockingStore;
import org.infinispan.persistence.spi.PersistenceException;
import org.infinispan.util.concurrent.BlockingManager;
import org.reactivestreams.Publisher;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

import io.reactivex.rxjava3.core.Flowable;

/**
 * A cache store on a column family of the data directory's RocksDB database ({@link SharedRocks}). Unlike the soft-index file store, whose
 * index of every key lives on the heap and is read or rebuilt from the data files when the store opens, RocksDB keeps
 * its index in its own files and its caches outside the heap within a fixed budget ({@link RocksNative}): opening a
 * store of a million entries costs what opening an empty one does, and nothing stays on the heap per entry.
 * <p>
 * Every write goes to RocksDB's write-ahead log before it is acknowledged, so an acknowledged write survives
 * {@code kill -9}; with {@value #SYNC_WRITES} the log is also synced to the disk before the answer (power loss).
 * A write made while a {@link WriteScope} is open on the calling thread is held instead, read as written, and written
 * with the scope's other writes as one batch before the caller answers.
 * The store is not segmented: a distributed cache filters by segment when it iterates.
 */
@org.infinispan.commons.configuration.ConfiguredBy(RocksStoreConfiguration.class)
public class RocksStore implements NonBlockingStore<Object, Object> {

    /** Store property: the database's directory. */
    public static final String LOCATION = "location";
    /** Store property: {@code true} to sync the write-ahead log on every write. */
    public static final String SYNC_WRITES = "sync-writes";
    /** Store property: the column family of the database that holds this store (the cache's name). */
    public static final String COLUMN = "column";
    /** Store property: the directory of a database of this store's own, of an earlier layout, copied in at start. */
    public static final String EARLIER = "earlier-location";

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(RocksStore.class);

    private SharedRocks shared;
    private RocksDB db;
    private ColumnFamilyHandle data;
    private WriteOptions writeOptions;
    private boolean sync;
    /**
     * What open {@link WriteScope}s hold for this store and have not yet written, by key: the stored form of the value,
     * or {@link #REMOVED}. Reads look here first, so a held write reads as written.
     */
    private final java.util.concurrent.ConcurrentHashMap<Object, byte[]> held = new java.util.concurrent.ConcurrentHashMap<>();
    private static final byte[] REMOVED = new byte[0];
    private Marshaller marshaller;
    private MarshallableEntryFactory<Object, Object> entries;
    private ByteBufferFactory buffers;
    private BlockingManager blocking;
    /**
     * Native handles must not be used once closed (that is a crash, not an exception): every use holds the read lock,
     * closing the database takes the write lock, and open iterations are closed first.
     */
    private final java.util.concurrent.locks.ReadWriteLock open = new java.util.concurrent.locks.ReentrantReadWriteLock();
    private final Set<Cursor> cursors = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public CompletionStage<Void> start(InitializationContext ctx) {
        StoreConfiguration config = ctx.getConfiguration();
        Path location = Path.of(config.properties().getProperty(LOCATION));
        String column = config.properties().getProperty(COLUMN, "default");
        String earlier = config.properties().getProperty(EARLIER);
        sync = Boolean.parseBoolean(config.properties().getProperty(SYNC_WRITES, "false"));
        marshaller = ctx.getPersistenceMarshaller();
        entries = ctx.getMarshallableEntryFactory();
        buffers = ctx.getByteBufferFactory();
        blocking = ctx.getBlockingManager();
        return blocking.runBlocking(() -> open(location, column, earlier == null ? null : Path.of(earlier)), "rocks-open");
    }

    private void open(Path location, String column, Path earlier) {
        SharedRocks database = SharedRocks.acquire(location);
        try {
            data = database.family(column);
            writeOptions = new WriteOptions().setSync(sync);
            if (earlier != null) {
                copyEarlier(database.db, earlier, column);
            }
        } catch (RuntimeException e) {
            if (writeOptions != null) {
                writeOptions.close();
            }
            SharedRocks.release(database);
            throw e;
        }
        shared = database;
        db = database.db;
    }

    /**
     * A data directory of the earlier layout, a database per cache ({@code <cache>/rocks}): its entries are copied
     * into this store's column family — the same bytes, keys and values are stored alike —, synced, and the old
     * database is then moved aside and deleted. A copy cut short is made again at the next start (the old database
     * moves only once the copy is synced; nothing is written to the store before its start ends).
     */
    private void copyEarlier(RocksDB into, Path earlier, String column) {
        Path moved = earlier.resolveSibling(earlier.getFileName() + "-copied");
        try {
            if (Files.isDirectory(moved)) {
                deleteTree(moved); // moved aside at a start that ended before deleting it
            }
            if (!Files.exists(earlier.resolve("CURRENT"))) {
                return;
            }
            long copied = 0;
            try (org.rocksdb.Options options = new org.rocksdb.Options();
                    RocksDB old = RocksDB.open(options, earlier.toString());
                    RocksIterator it = old.newIterator();
                    WriteOptions synced = new WriteOptions().setSync(true)) {
                WriteBatch batch = new WriteBatch();
                try {
                    for (it.seekToFirst(); it.isValid(); it.next()) {
                        batch.put(data, it.key(), it.value());
                        copied++;
                        if (batch.getDataSize() > COPY_BATCH_BYTES) {
                            into.write(synced, batch);
                            batch.close();
                            batch = new WriteBatch();
                        }
                    }
                    it.status();
                    into.write(synced, batch);
                } finally {
                    batch.close();
                }
            }
            Files.move(earlier, moved, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(earlier.getParent()); // the move survives a power loss: the copy is never made twice
            deleteTree(moved);
            Path cacheDir = earlier.getParent();
            try (var rest = Files.list(cacheDir)) {
                if (rest.findAny().isEmpty()) {
                    Files.delete(cacheDir);
                }
            }
            LOG.infof("Store of %s: %d entries copied from its own database into the data directory's", column, copied);
        } catch (IOException | RocksDBException e) {
            throw new PersistenceException("Cannot copy the store of " + column + " from " + earlier, e);
        }
    }

    private static final long COPY_BATCH_BYTES = 4L << 20;

    private static void syncDirectory(Path dir) throws IOException {
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(dir, java.nio.file.StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Deletes a file, or a directory and all it holds (links are deleted, not followed). */
    static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Override
    public CompletionStage<Void> stop() {
        return blocking.runBlocking(this::close, "rocks-close");
    }

    private void close() {
        open.writeLock().lock();
        try {
            cursors.forEach(Cursor::close);
            closeDatabase();
        } finally {
            open.writeLock().unlock();
        }
    }

    private void closeDatabase() {
        if (db != null) {
            db = null;
            writeOptions.close();
            SharedRocks.release(shared); // the last store of the database closes it
        }
    }

    @Override
    public Set<Characteristic> characteristics() {
        return EnumSet.of(Characteristic.BULK_READ);
    }

    @Override
    public CompletionStage<MarshallableEntry<Object, Object>> load(int segment, Object key) {
        return call(() -> {
            byte[] value = get(key);
            return value == null ? null : decode(key, value);
        }, "rocks-load");
    }

    @Override
    public CompletionStage<Boolean> containsKey(int segment, Object key) {
        return call(() -> get(key) != null, "rocks-contains");
    }

    @Override
    public CompletionStage<Void> write(int segment, MarshallableEntry<?, ?> entry) {
        return call(() -> {
            put(entry.getKey(), encode(entry));
            return null;
        }, "rocks-write");
    }

    /**
     * A multi-key write ({@code putAll}, a batch of removals) as one atomic RocksDB write batch: one append to the
     * write-ahead log (one sync with {@value #SYNC_WRITES}) instead of one per key. The segment publishers may be
     * groups of one source, so all of them, removals and writes, are drained at once (as Infinispan's own stores do)
     * before the batch is written.
     */
    @Override
    public CompletionStage<Void> batch(int publisherCount,
            org.reactivestreams.Publisher<SegmentedPublisher<Object>> removePublisher,
            org.reactivestreams.Publisher<SegmentedPublisher<MarshallableEntry<Object, Object>>> writePublisher) {
        java.util.Queue<Object> removes = new java.util.concurrent.ConcurrentLinkedQueue<>();
        java.util.Queue<MarshallableEntry<Object, Object>> writes = new java.util.concurrent.ConcurrentLinkedQueue<>();
        int concurrency = Math.max(1, publisherCount);
        var drainRemoves = io.reactivex.rxjava3.core.Flowable.fromPublisher(removePublisher)
                .flatMap(p -> p, concurrency).doOnNext(removes::add).ignoreElements();
        var drainWrites = io.reactivex.rxjava3.core.Flowable.fromPublisher(writePublisher)
                .flatMap(p -> p, concurrency).doOnNext(writes::add).ignoreElements();
        return drainRemoves.mergeWith(drainWrites).toCompletionStage(null).thenCompose(drained -> call(() -> onDb(() -> {
            // under the read lock: the column handle is native
            try (WriteBatch batch = new WriteBatch()) {
                for (Object key : removes) {
                    batch.delete(data, keyBytes(key));
                }
                for (MarshallableEntry<Object, Object> entry : writes) {
                    batch.put(data, keyBytes(entry.getKey()), encode(entry));
                }
                if (batch.count() > 0) {
                    db.write(writeOptions, batch);
                }
                return null;
            }
        }), "rocks-batch"));
    }

    @Override
    public CompletionStage<Boolean> delete(int segment, Object key) {
        return call(() -> {
            byte[] k = keyBytes(key);
            if (get(key) == null) {
                return false;
            }
            WriteScope scope = WriteScope.current();
            if (scope != null) {
                scope.hold(this, key, k, null);
                return true;
            }
            return onDb(() -> {
                db.delete(data, writeOptions, k);
                return true;
            });
        }, "rocks-delete");
    }

    @Override
    public CompletionStage<Void> clear() {
        return call(() -> onDb(() -> {
            try (RocksIterator it = db.newIterator(data); WriteBatch batch = new WriteBatch()) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    batch.delete(data, it.key());
                }
                db.write(writeOptions, batch);
            }
            return null;
        }), "rocks-clear");
    }

    @Override
    public CompletionStage<Long> size(IntSet segments) {
        return call(() -> onDb(() -> {
            long n = 0;
            try (RocksIterator it = db.newIterator(data)) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    n++;
                }
            }
            return n;
        }), "rocks-size");
    }

    @Override
    public CompletionStage<Long> approximateSize(IntSet segments) {
        return call(() -> onDb(() -> {
            try {
                return db.getLongProperty(data, "rocksdb.estimate-num-keys");
            } catch (RocksDBException e) {
                return -1L; // an estimate RocksDB cannot give is "unknown", not a failure
            }
        }), "rocks-approximate-size");
    }

    /** Entries in key order from a snapshot taken at subscription; values are decoded only when asked for. */
    @Override
    public Publisher<MarshallableEntry<Object, Object>> publishEntries(IntSet segments, Predicate<? super Object> filter,
            boolean includeValues) {
        Flowable<MarshallableEntry<Object, Object>> flow = Flowable.using(Cursor::new, cursor -> Flowable.generate(emitter -> {
            MarshallableEntry<Object, Object> e = cursor.next(filter, includeValues);
            if (e == null) {
                emitter.onComplete();
            } else {
                emitter.onNext(e);
            }
        }), Cursor::close);
        return blocking.blockingPublisher(flow);
    }

    /**
     * A consistent view for one iteration: snapshot, read options and iterator, released together — by the end of the
     * iteration, a cancel from another thread, or the store closing, whichever comes first; a step after that ends the
     * iteration instead of touching a closed iterator.
     */
    private final class Cursor {
        private final Snapshot snapshot;
        private final ReadOptions options;
        private final RocksIterator iterator;
        private boolean closed;

        Cursor() {
            Lock lock = opened();
            try {
                snapshot = db.getSnapshot();
                options = new ReadOptions().setSnapshot(snapshot).setFillCache(false);
                iterator = db.newIterator(data, options);
                iterator.seekToFirst();
                cursors.add(this);
            } finally {
                lock.unlock();
            }
        }

        /** The next entry that passes the filter, or null at the end. */
        synchronized MarshallableEntry<Object, Object> next(Predicate<? super Object> filter, boolean includeValues) {
            while (!closed && iterator.isValid()) {
                Object key = unmarshal(iterator.key());
                if (filter == null || filter.test(key)) {
                    MarshallableEntry<Object, Object> e = includeValues ? decode(key, iterator.value()) : entries.create(key);
                    iterator.next();
                    return e;
                }
                iterator.next();
            }
            return null;
        }

        synchronized void close() {
            if (!closed) {
                closed = true;
                cursors.remove(this);
                iterator.close();
                options.close();
                db.releaseSnapshot(snapshot);
            }
        }
    }

    /**
     * Runs a store operation on the calling thread unless that is one of Infinispan's non-blocking threads, which must
     * never wait for the disk: a request thread that reads or writes through the cache does its own RocksDB call (a
     * few microseconds) instead of handing it to the blocking pool and parking until it is done.
     */
    private <T> CompletionStage<T> call(java.util.function.Supplier<T> operation, String traceId) {
        if (Thread.currentThread().getThreadGroup() instanceof org.infinispan.commons.executors.NonBlockingResource) {
            return blocking.supplyBlocking(operation, traceId);
        }
        try {
            return java.util.concurrent.CompletableFuture.completedFuture(operation.get());
        } catch (RuntimeException e) {
            return java.util.concurrent.CompletableFuture.failedFuture(e);
        }
    }

    /** Releases the read lock {@link #opened} took. */
    void unlockOpened() {
        open.readLock().unlock();
    }

    /** The read lock, held while native handles are in use; fails if the store is closed. */
    Lock opened() {
        Lock lock = open.readLock();
        lock.lock();
        if (db == null) {
            lock.unlock();
            throw new PersistenceException("The store is closed");
        }
        return lock;
    }

    /** The stored form of the value of {@code key}: as a write scope holds it, else as the database has it. */
    private byte[] get(Object key) {
        if (!held.isEmpty()) {
            byte[] value = held.get(key);
            if (value != null) {
                return value == REMOVED ? null : value;
            }
        }
        byte[] k = keyBytes(key);
        return onDb(() -> db.get(data, k));
    }

    /**
     * Writes {@code value}, in its stored form, under {@code key}: held by the thread's open {@link WriteScope}, else
     * written at once. The cache's writes come here, and so do {@link DirectWrites}' without the cache.
     */
    void put(Object key, byte[] value) {
        byte[] k = keyBytes(key);
        WriteScope scope = WriteScope.current();
        if (scope != null) {
            scope.hold(this, key, k, value);
            return;
        }
        writeNow(k, value);
    }

    /**
     * Writes {@code bytes} up to {@code length} under {@code key}, a key that no one has written before and no one
     * reads before it is durable: in an open {@link WriteScope} they are copied into the scope's native memory, not
     * held for readers, and written with its batch — a reader finds the key once the batch is written, never before;
     * no array of the value's own is made on the heap. A value that is not stored as it is (not a JSON object) is
     * written as {@link #put} writes it.
     */
    void putUnread(Object key, byte[] bytes, int length) {
        WriteScope scope = WriteScope.current();
        if (scope == null || length == 0 || bytes[0] != JSON_OBJECT) {
            put(key, storedForm(java.util.Arrays.copyOf(bytes, length))); // at once, or held as put holds it
            return;
        }
        scope.holdUnread(this, key, keyBytes(key), bytes, length);
    }

    private void writeNow(byte[] keyBytes, byte[] value) {
        onDb(() -> {
            db.put(data, writeOptions, keyBytes, value);
            return null;
        });
    }

    /**
     * {@link #put} of a key that neither a write scope holds nor the database has; false, with nothing written,
     * otherwise. Atomic against every other {@code putNew} of the key: the held writes are the claim — taken first,
     * so that a write that lands in the database before its hold is released is seen by the look after it. A key whose
     * removal is held counts as taken until that scope is done.
     */
    boolean putNew(String key, byte[] value) {
        if (held.putIfAbsent(key, value) != null) {
            return false;
        }
        byte[] k = keyBytes(key);
        boolean joined = false;
        try {
            if (onDb(() -> db.get(data, k)) != null) {
                return false;
            }
            WriteScope scope = WriteScope.current();
            if (scope != null) {
                scope.join(this, key, k, value); // released by the scope, once written or given up
                joined = true;
                return true;
            }
            writeNow(k, value);
            return true;
        } finally {
            if (!joined) {
                held.remove(key, value);
            }
        }
    }

    /** Whether a write scope holds {@code key}, or the database has it (the cache's memory not asked). */
    boolean contains(String key) {
        return get(key) != null;
    }

    /** The value of {@code key} as the cache would load it: as a write scope holds it, else as stored; null if neither. */
    Object value(Object key) {
        byte[] stored = get(key);
        return stored == null ? null : decode(key, stored).getValue();
    }

    /** The stored form of a value the cache holds with no metadata: as {@link #encode} makes it. */
    static byte[] storedForm(Object value) {
        if (value instanceof String text) {
            return tagged(RAW_STRING, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        byte[] bytes = (byte[]) value; // the cache holds a byte array wrapped: RAW_BYTES
        // A JSON object (decisions, log entries, summaries: the large values) is its own tag, stored as is: no copy to
        // write, none to read.
        return bytes.length > 0 && bytes[0] == JSON_OBJECT ? bytes : tagged(RAW_BYTES, bytes);
    }

    /** A write of an open {@link WriteScope}, read as written until the scope writes it or gives it up. */
    void hold(Object key, byte[] value) {
        held.put(key, value == null ? REMOVED : value);
    }

    /** The scope is done with its write of {@code key}: dropped unless a later write holds the key. */
    void release(Object key, byte[] value) {
        held.remove(key, value == null ? REMOVED : value);
    }

    SharedRocks shared() {
        return shared;
    }

    ColumnFamilyHandle family() {
        return data;
    }

    boolean syncWrites() {
        return sync;
    }

    WriteOptions writeOptions() {
        return writeOptions;
    }

    /** A RocksDB call on the open database. */
    private interface RocksCall<T> {
        T apply() throws RocksDBException;
    }

    /** Runs {@code call} under the read lock (the database stays open meanwhile); RocksDB's failures as the store's. */
    private <T> T onDb(RocksCall<T> call) {
        Lock lock = opened();
        try {
            return call.apply();
        } catch (RocksDBException e) {
            throw new PersistenceException(e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Our keys are strings: stored as a tag byte and their UTF-8, which costs far less than the persistence
     * marshaller's wrapped message on every read and write. Any other key is stored as that marshaller writes it.
     */
    private byte[] keyBytes(Object key) {
        if (key instanceof String text) {
            byte[] utf8 = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            byte[] out = new byte[utf8.length + 1];
            out[0] = STRING_KEY;
            System.arraycopy(utf8, 0, out, 1, utf8.length);
            return out;
        }
        try {
            byte[] marshalled = marshaller.objectToByteBuffer(key);
            byte[] out = new byte[marshalled.length + 1];
            out[0] = MARSHALLED_KEY;
            System.arraycopy(marshalled, 0, out, 1, marshalled.length);
            return out;
        } catch (IOException e) {
            throw new PersistenceException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PersistenceException(e);
        }
    }

    private static final byte STRING_KEY = 1;
    private static final byte MARSHALLED_KEY = 0;

    private Object unmarshal(byte[] bytes) {
        if (bytes[0] == STRING_KEY) {
            return new String(bytes, 1, bytes.length - 1, java.nio.charset.StandardCharsets.UTF_8);
        }
        try {
            return marshaller.objectFromByteBuffer(bytes, 1, bytes.length - 1);
        } catch (IOException | ClassNotFoundException e) {
            throw new PersistenceException(e);
        }
    }

    /**
     * A stored value. Our values are almost all byte arrays (JSON, binary summaries) and strings (ids), without
     * metadata (no expiry, no version): those are stored as a tag byte and their bytes, so a write does not pay for
     * the persistence marshaller's wrapped message (a fresh encoder, its buffer and a copy, per write) and a read
     * copies the value once. Anything else — another type, metadata, internal metadata, expiry times — is stored as
     * {@link #GENERAL}: value, metadata and internal metadata as the cache marshalled them (each a length, -1 for
     * none, then its bytes), then the created and last-used times. A byte value that is a JSON object needs no tag:
     * its first byte, {@code '{'}, is none of the tags'.
     * <p>
     * Values written before the tags have no tag: their first byte is the high byte of the value's length, 0 for any
     * value under 16 MiB (far above the service's body limits), which no tag uses.
     */
    static byte[] encode(MarshallableEntry<?, ?> e) {
        if (e.created() == -1 && e.lastUsed() == -1 && empty(e.getMetadata()) && empty(e.getInternalMetadata())) {
            Object v = e.getValue();
            if (v instanceof org.infinispan.commons.marshall.WrappedByteArray wrapped) { // how the cache holds a byte[]
                return storedForm(wrapped.getBytes());
            }
            if (v instanceof byte[] bytes) {
                return tagged(RAW_ARRAY, bytes);
            }
            if (v instanceof String) {
                return storedForm(v);
            }
        }
        org.infinispan.commons.io.ByteBuffer value = e.getValueBytes();
        org.infinispan.commons.io.ByteBuffer meta = e.getMetadataBytes();
        org.infinispan.commons.io.ByteBuffer internal = e.getInternalMetadataBytes();
        ByteBuffer out = ByteBuffer.allocate(1 + 12 + 16 + length(value) + length(meta) + length(internal));
        out.put(GENERAL);
        put(out, value);
        put(out, meta);
        put(out, internal);
        out.putLong(e.created()).putLong(e.lastUsed());
        return out.array();
    }

    static final byte RAW_BYTES = 1;
    /** A byte value held as {@link #RAW_BYTES} whose first byte is this ({@code '{'}) is stored without a tag. */
    static final byte JSON_OBJECT = '{';
    static final byte RAW_STRING = 2;
    static final byte RAW_ARRAY = 3;
    static final byte GENERAL = 0x7F;

    private static boolean empty(org.infinispan.metadata.Metadata m) {
        return m == null || m.isEmpty();
    }

    private static boolean empty(org.infinispan.metadata.impl.PrivateMetadata m) {
        return m == null || m.isEmpty();
    }

    private static byte[] tagged(byte tag, byte[] value) {
        byte[] out = new byte[value.length + 1];
        out[0] = tag;
        System.arraycopy(value, 0, out, 1, value.length);
        return out;
    }

    private static int length(org.infinispan.commons.io.ByteBuffer b) {
        return b == null ? 0 : b.getLength();
    }

    private static void put(ByteBuffer out, org.infinispan.commons.io.ByteBuffer b) {
        if (b == null) {
            out.putInt(-1);
        } else {
            out.putInt(b.getLength()).put(b.getBuf(), b.getOffset(), b.getLength());
        }
    }

    MarshallableEntry<Object, Object> decode(Object key, byte[] stored) {
        if (stored.length > 0 && stored[0] == JSON_OBJECT) {
            return entries.create(key, (Object) new org.infinispan.commons.marshall.WrappedByteArray(stored));
        }
        if (stored.length > 0 && stored[0] == RAW_BYTES) {
            return entries.create(key,
                    (Object) new org.infinispan.commons.marshall.WrappedByteArray(java.util.Arrays.copyOfRange(stored, 1, stored.length)));
        }
        if (stored.length > 0 && stored[0] == RAW_ARRAY) {
            return entries.create(key, (Object) java.util.Arrays.copyOfRange(stored, 1, stored.length));
        }
        if (stored.length > 0 && stored[0] == RAW_STRING) {
            return entries.create(key, (Object) new String(stored, 1, stored.length - 1, java.nio.charset.StandardCharsets.UTF_8));
        }
        ByteBuffer in = ByteBuffer.wrap(stored);
        if (stored.length > 0 && stored[0] == GENERAL) {
            in.position(1);
        } // else written before the tags: the general layout from the first byte
        org.infinispan.commons.io.ByteBuffer value = slice(in, stored);
        org.infinispan.commons.io.ByteBuffer meta = slice(in, stored);
        org.infinispan.commons.io.ByteBuffer internal = slice(in, stored);
        long created = in.getLong();
        long lastUsed = in.getLong();
        return entries.create(key, value, meta, internal, created, lastUsed);
    }

    private org.infinispan.commons.io.ByteBuffer slice(ByteBuffer in, byte[] stored) {
        int n = in.getInt();
        if (n < 0) {
            return null;
        }
        org.infinispan.commons.io.ByteBuffer b = buffers.newByteBuffer(stored, in.position(), n);
        in.position(in.position() + n);
        return b;
    }
}
