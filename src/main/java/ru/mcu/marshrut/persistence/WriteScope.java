package ru.mcu.marshrut.persistence;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.infinispan.persistence.spi.PersistenceException;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Writes of one thread to several caches made durable together: while a scope is open, what this thread writes
 * through a {@link RocksStore} (a put or a remove) is held by the store — its reads see it at once, so the cache
 * behaves as if it were written — and {@link #commit} writes all of it as one RocksDB write batch: one append to the
 * write-ahead log (one sync, with sync-writes) for what would otherwise be one each. Nothing is acknowledged to a
 * caller before {@link #commit} returns, so durability is that of a single write; a commit that fails writes nothing,
 * and {@link #close} then drops what the stores held.
 * <p>
 * Only writes made on the calling thread join (those Infinispan hands to its own threads are written at once), and a
 * batch is atomic within one database, i.e. one data directory.
 * <p>
 * An unread write ({@link RocksStore#putUnread}: a decision's log entry) is the exception to "read as written": its
 * bytes wait in the scope's native memory and its key reads as absent until the batch is written.
 */
public final class WriteScope implements AutoCloseable {

    /** Each thread's scope, open or not: reused, so that a scope costs no allocation of its own. */
    private static final ThreadLocal<WriteScope> SCOPE = ThreadLocal.withInitial(WriteScope::new);

    /**
     * A held write: {@code value} null for a removal — or, for an unread write ({@code at} not negative), its key and
     * value are in {@link #unread} from {@code at}, the value's {@code length} bytes after the key's.
     */
    record Held(RocksStore store, Object key, byte[] keyBytes, byte[] value, int at, int length) {

        Held(RocksStore store, Object key, byte[] keyBytes, byte[] value) {
            this(store, key, keyBytes, value, -1, 0);
        }

        boolean isUnread() {
            return at >= 0;
        }
    }

    private final List<Held> held = new ArrayList<>(8);
    private boolean open;
    /**
     * The keys and values of the unread writes ({@link #holdUnread}), copied in native memory, where the commit hands
     * them to RocksDB: no array of their own on the heap. Kept for the thread's next scopes, made on the first such
     * write; one grown past {@link #KEPT_UNREAD} is dropped when the scope is done.
     */
    private ByteBuffer unread;
    private int unreadSize;
    /** Views of {@link #unread} positioned on one key and its value at a time, as RocksDB reads a write's bytes. */
    private ByteBuffer keyView;
    private ByteBuffer valueView;
    private static final int FIRST_UNREAD = 16 * 1024;
    private static final int KEPT_UNREAD = 64 * 1024;

    private WriteScope() {
    }

    /**
     * Opens a scope on this thread. Scopes do not nest: one still open here was left by a call that ended without
     * closing it (an error thrown past its handlers), and what it holds is dropped, never written.
     */
    public static WriteScope open() {
        WriteScope scope = SCOPE.get();
        if (scope.open) {
            scope.close();
        }
        scope.open = true;
        return scope;
    }

    /** Runs {@code work} with this thread's writes made at once, outside any open scope. */
    public static void outside(Runnable work) {
        WriteScope scope = SCOPE.get();
        if (!scope.open) {
            work.run();
            return;
        }
        scope.open = false;
        try {
            work.run();
        } finally {
            scope.open = true;
        }
    }

    /** This thread's open scope, or null. */
    static WriteScope current() {
        WriteScope scope = SCOPE.get();
        return scope.open ? scope : null;
    }

    void hold(RocksStore store, Object key, byte[] keyBytes, byte[] value) {
        held.add(new Held(store, key, keyBytes, value));
        store.hold(key, value);
    }

    /**
     * A write no reader sees before it is durable ({@link RocksStore#putUnread}): its bytes — {@code value} up to
     * {@code length} — are copied out of the caller's buffer into the scope's native memory; the store holds nothing
     * for it, so its key reads as absent until the commit has written it.
     */
    void holdUnread(RocksStore store, Object key, byte[] keyBytes, byte[] value, int length) {
        int at = reserveUnread(keyBytes.length + length);
        unread.put(at, keyBytes, 0, keyBytes.length);
        unread.put(at + keyBytes.length, value, 0, length);
        held.add(new Held(store, key, keyBytes, null, at, length));
    }

    /** Where the next {@code size} bytes of {@link #unread} start: grown (its bytes so far copied) if they do not fit. */
    private int reserveUnread(int size) {
        int at = unreadSize;
        if (unread == null || unread.capacity() - at < size) {
            ByteBuffer grown = ByteBuffer.allocateDirect(Math.max(FIRST_UNREAD,
                    Math.max(at + size, unread == null ? 0 : 2 * unread.capacity())));
            if (at > 0) {
                grown.put(0, unread, 0, at);
            }
            unread = grown;
            keyView = grown.duplicate();
            valueView = grown.duplicate();
        }
        unreadSize = at + size;
        return at;
    }

    /** A write the store already holds ({@link RocksStore#putNew}): the scope writes it, or gives it up, with its own. */
    void join(RocksStore store, Object key, byte[] keyBytes, byte[] value) {
        held.add(new Held(store, key, keyBytes, value));
    }

    /** Writes what the scope holds, durably, as one batch per database; the scope stays open (and empty). */
    public void commit() {
        // A few writes to one database, almost always: found by scanning the list, without a set per commit.
        for (int i = 0; i < held.size(); i++) {
            SharedRocks database = held.get(i).store().shared();
            if (!databaseSeenBefore(i, database)) {
                write(database);
            }
        }
        release();
    }

    /** Whether a write held before the {@code i}th is to {@code database}. */
    private boolean databaseSeenBefore(int i, SharedRocks database) {
        for (int j = 0; j < i; j++) {
            if (held.get(j).store().shared() == database) {
                return true;
            }
        }
        return false;
    }

    /** Whether a write held before the {@code i}th is to {@code store}. */
    private boolean storeSeenBefore(int i, RocksStore store) {
        for (int j = 0; j < i; j++) {
            if (held.get(j).store() == store) {
                return true;
            }
        }
        return false;
    }

    private void write(SharedRocks database) {
        // A batch per commit (native memory a thread of its own would keep, and leak when the pool retires it)
        WriteBatch batch = new WriteBatch();
        int locked = 0;
        try {
            WriteOptions options = null;
            for (int i = 0; i < held.size(); i++) {
                Held h = held.get(i);
                if (h.store().shared() != database) {
                    continue;
                }
                if (!storeSeenBefore(i, h.store())) {
                    h.store().opened(); // read lock: its column family stays open until the batch is written
                    locked = i + 1;
                    if (options == null || h.store().syncWrites()) {
                        options = h.store().writeOptions(); // synced if any of the stores syncs its writes
                    }
                }
                if (h.isUnread()) {
                    int valueAt = h.at() + h.keyBytes().length;
                    keyView.clear().position(h.at()).limit(valueAt);
                    valueView.clear().position(valueAt).limit(valueAt + h.length());
                    batch.put(h.store().family(), keyView, valueView); // copied into the batch
                } else if (h.value() == null) {
                    batch.delete(h.store().family(), h.keyBytes());
                } else {
                    batch.put(h.store().family(), h.keyBytes(), h.value());
                }
            }
            database.db.write(options, batch);
        } catch (RocksDBException e) {
            throw new PersistenceException(e);
        } finally {
            batch.close();
            // the read locks taken above, each store's once
            for (int i = 0; i < locked; i++) {
                Held h = held.get(i);
                if (h.store().shared() == database && !storeSeenBefore(i, h.store())) {
                    h.store().unlockOpened();
                }
            }
        }
    }

    /** Drops what the stores hold for this scope (written, or given up), and the unread writes' bytes. */
    private void release() {
        for (Held h : held) {
            if (!h.isUnread()) {
                h.store().release(h.key(), h.value());
            }
        }
        held.clear();
        unreadSize = 0;
        if (unread != null && unread.capacity() > KEPT_UNREAD) {
            unread = null; // an unusually large write: its native memory is not kept (freed with the buffer)
            keyView = null;
            valueView = null;
        }
    }

    /** Ends the scope; what was not committed is dropped, never written. */
    @Override
    public void close() {
        open = false;
        release();
    }
}
