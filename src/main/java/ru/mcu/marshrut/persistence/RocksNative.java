package ru.mcu.marshrut.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.jar.JarEntry;

import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.Env;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.Priority;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;
import org.rocksdb.util.Environment;

/**
 * What every RocksDB database of the process shares, so that memory stays bounded however many caches there are: one
 * block cache for data blocks and one budget for the memtables. Both live outside the Java heap. The index and
 * bloom-filter blocks of the table files grow with the number of entries (about 3 MB per million), off the heap too.
 */
final class RocksNative {

    /** Block cache of the whole process (hot decisions), unless {@link #budget} set another before the first store. */
    static final long BLOCK_CACHE_BYTES = 16L << 20;
    /** Memtables of all databases together; a database flushes its own when the sum reaches this. */
    static final long WRITE_BUFFERS_BYTES = 16L << 20;
    /** One memtable of one database, at most. */
    static final long WRITE_BUFFER_BYTES = 8L << 20;

    /** The size at which a compaction starts a new table file. */
    static final long TARGET_FILE_BYTES = 8L << 20;

    private static long blockCacheBytes = BLOCK_CACHE_BYTES;
    private static long writeBuffersBytes = WRITE_BUFFERS_BYTES;

    private static LRUCache blockCache;
    private static WriteBufferManager writeBuffers;
    /** Where the JNI library is unpacked (set by {@link #libraryDirectory}); null: RocksDB's own temporary file. */
    private static Path libraryDir;

    private RocksNative() {
    }

    /**
     * The memory of every store of the process (marshrut.store.*), set once before the first store opens; a store
     * opened earlier (engine-level tests) keeps the defaults.
     */
    static synchronized void budget(long blockCache, long writeBuffersTotal) {
        if (RocksNative.blockCache == null) {
            blockCacheBytes = blockCache;
            writeBuffersBytes = writeBuffersTotal;
        }
    }

    /** One memtable: a quarter of the budget of all of them, at most {@link #WRITE_BUFFER_BYTES}. */
    static synchronized long writeBufferBytes() {
        return Math.min(WRITE_BUFFER_BYTES, writeBuffersBytes / 4);
    }

    /**
     * Unpacks RocksDB's JNI library into {@code dir} (under the data directory), once for each version of it: later
     * starts load the copy there ({@link #loadUnpacked}). Left to itself RocksDB unpacks it to a new temporary file
     * (14 MB) at every start and deletes it only at a normal exit: every kill -9 or crash left one behind in the
     * temporary directory. Set once at start, before the first store opens.
     */
    static synchronized void libraryDirectory(Path dir) {
        if (blockCache == null) {
            libraryDir = dir;
        }
    }

    private static synchronized void init() {
        if (blockCache == null) {
            if (libraryDir != null) {
                try {
                    loadUnpacked(libraryDir);
                } catch (java.io.IOException | RuntimeException | UnsatisfiedLinkError e) {
                    // A directory that cannot hold or run a library (read-only, noexec): RocksDB's own way below.
                    org.jboss.logging.Logger.getLogger(RocksNative.class).warnf(
                            "RocksDB's library could not be unpacked to %s (%s); it goes to the temporary directory",
                            libraryDir, e.toString());
                }
            }
            RocksDB.loadLibrary();
            blockCache = new LRUCache(blockCacheBytes);
            // Memtables are charged to the block cache: data blocks give way to them rather than add to them.
            writeBuffers = new WriteBufferManager(writeBuffersBytes, blockCache);
            // Flushes and compactions of every database share these threads.
            Env.getDefault().setBackgroundThreads(2, Priority.LOW).setBackgroundThreads(1, Priority.HIGH);
        }
    }

    /**
     * Loads RocksDB's JNI library from its copy under {@code dir}, unpacked from RocksDB's jar only when that copy is
     * not there: it lives in a directory named after the jar entry's CRC and size, so a copy found there is this very
     * file, and one left by a killed process is used as it is. Unpacking its 14 MB at every start cost about 100 ms of
     * the start (docs/BENCHMARKS.md, twenty-fourth session). Everything else under {@code dir} is removed.
     */
    static void loadUnpacked(Path dir) throws IOException {
        String packed = Environment.getJniLibraryFileName("rocksdb"); // as the jar holds it
        URL resource = RocksDB.class.getClassLoader().getResource(packed);
        if (resource == null) {
            throw new IOException(packed + " is not in RocksDB's jar");
        }
        URLConnection connection = resource.openConnection();
        JarEntry entry = connection instanceof JarURLConnection jar ? jar.getJarEntry() : null;
        Path copyDir = dir.resolve(entry == null ? "unversioned"
                : Long.toHexString(entry.getCrc()) + "-" + entry.getSize());
        // RocksDB.loadLibrary(paths) loads this name from each path ("librocksdbjnijni-linux64.so" in 9.0.1)
        Path copy = copyDir.resolve(Environment.getJniLibraryFileName("rocksdbjni"));
        if (entry == null || !Files.isRegularFile(copy) || Files.size(copy) != entry.getSize()) {
            Files.createDirectories(copyDir);
            Path part = Files.createTempFile(copyDir, "unpacking-", ".part");
            try (InputStream in = connection.getInputStream()) {
                Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
                // Moved whole into place: a copy under its name is complete, whenever the process is killed
                Files.move(part, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(part);
            }
        }
        // Copies of other versions, the single file of the builds before, and a part left by a process killed while
        // unpacking
        deleteAllBut(dir, copyDir);
        deleteAllBut(copyDir, copy);
        RocksDB.loadLibrary(List.of(copyDir.toString()));
    }

    private static void deleteAllBut(Path dir, Path kept) throws IOException {
        try (var entries = Files.list(dir)) {
            for (Path other : entries.filter(p -> !p.equals(kept)).toList()) {
                RocksStore.deleteTree(other);
            }
        }
    }

    static DBOptions dbOptions() {
        init();
        return new DBOptions()
                .setCreateIfMissing(true)
                .setCreateMissingColumnFamilies(true)
                .setWriteBufferManager(writeBuffers)
                .setMaxOpenFiles(256)
                .setKeepLogFileNum(2)
                .setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
                .setMaxBackgroundJobs(2)
                .setMaxTotalWalSize(64L << 20);
    }

    static ColumnFamilyOptions columnOptions() {
        init();
        BlockBasedTableConfig table = new BlockBasedTableConfig()
                .setBlockCache(blockCache)
                // Index and filter blocks stay with their open table files, outside the block cache: in the cache,
                // a large file's index would be evicted by data blocks and read again on almost every lookup. They
                // cost about 3 MB per million entries, off the heap.
                .setCacheIndexAndFilterBlocks(false)
                .setFilterPolicy(new BloomFilter(10, false))
                .setBlockSize(16 << 10);
        return new ColumnFamilyOptions()
                .setTableFormatConfig(table)
                .setWriteBufferSize(writeBufferBytes())
                .setMaxWriteBufferNumber(2)
                .setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setLevelCompactionDynamicLevelBytes(true)
                // Table files of 8 MB (RocksDB's default is 64): a flush of new keys is merged with the stored files
                // its key range overlaps, and at each place where keys are appended (the end of each municipality's
                // audit log) that is the last file written there — rewritten whole by every compaction that reaches
                // it. A smaller last file, less rewritten: 0.4× the bytes compacted on the routing load
                // (docs/BENCHMARKS.md).
                .setTargetFileSizeBase(TARGET_FILE_BYTES);
    }
}
