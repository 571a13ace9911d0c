package ru.mcu.marshrut.persistence;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.rocksdb.RocksDBException;
import org.rocksdb.TransactionLogIterator;

/** What tests of other packages read of a data directory's open database: its write-ahead log, batch by batch. */
public final class StoreProbe {

    private StoreProbe() {
    }

    /** The sequence number of the database's latest write. */
    public static long lastSequence(Path dataDir) {
        SharedRocks shared = SharedRocks.acquire(PersistentCaches.rocksDir(dataDir));
        try {
            return shared.db.getLatestSequenceNumber();
        } finally {
            SharedRocks.release(shared);
        }
    }

    /** What the database holds for a string key of a cache (its column family), as stored; null if nothing. */
    public static byte[] stored(Path dataDir, String cache, String key) throws RocksDBException {
        SharedRocks shared = SharedRocks.acquire(PersistentCaches.rocksDir(dataDir));
        try {
            return shared.db.get(shared.family(cache), RocksStoreTest.key(key));
        } finally {
            SharedRocks.release(shared);
        }
    }

    /** The write batches logged after sequence number {@code after}, each as its count of puts and deletes. */
    public static List<Integer> batchesAfter(Path dataDir, long after) throws RocksDBException {
        SharedRocks shared = SharedRocks.acquire(PersistentCaches.rocksDir(dataDir));
        List<Integer> counts = new ArrayList<>();
        try (TransactionLogIterator log = shared.db.getUpdatesSince(after + 1)) {
            for (; log.isValid(); log.next()) {
                TransactionLogIterator.BatchResult batch = log.getBatch();
                counts.add(batch.writeBatch().count());
                batch.writeBatch().close();
            }
        } finally {
            SharedRocks.release(shared);
        }
        return counts;
    }
}
