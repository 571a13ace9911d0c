package ru.mcu.marshrut.persistence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.infinispan.persistence.spi.PersistenceException;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * One RocksDB database that the stores of a data directory share, a column family per cache. Writes to several
 * caches can then be one write batch: one append to one write-ahead log ({@link WriteScope}) where separate databases
 * would take one append, one write group and one log each. The database opens with its first store and closes with
 * its last; its column families stay open as long as it does.
 */
final class SharedRocks {

    /** Open databases by directory, guarded by the class. */
    private static final Map<Path, SharedRocks> OPEN = new HashMap<>();

    final Path location;
    final RocksDB db;
    private final DBOptions dbOptions;
    private final ColumnFamilyOptions columnOptions;
    private final Map<String, ColumnFamilyHandle> families = new HashMap<>();
    private int users;

    private SharedRocks(Path location, RocksDB db, DBOptions dbOptions, ColumnFamilyOptions columnOptions) {
        this.location = location;
        this.db = db;
        this.dbOptions = dbOptions;
        this.columnOptions = columnOptions;
    }

    /** The database in {@code location}, opened if no store has it open; {@link #release} when done. */
    static synchronized SharedRocks acquire(Path location) {
        Path key = location.toAbsolutePath().normalize();
        SharedRocks shared = OPEN.get(key);
        if (shared == null) {
            shared = open(key);
            OPEN.put(key, shared);
        }
        shared.users++;
        return shared;
    }

    private static SharedRocks open(Path location) {
        DBOptions dbOptions = RocksNative.dbOptions();
        ColumnFamilyOptions columnOptions = RocksNative.columnOptions();
        try {
            Files.createDirectories(location);
            List<byte[]> names = existingFamilies(location);
            List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
            for (byte[] name : names) {
                descriptors.add(new ColumnFamilyDescriptor(name, columnOptions));
            }
            List<ColumnFamilyHandle> handles = new ArrayList<>();
            RocksDB db = RocksDB.open(dbOptions, location.toString(), descriptors, handles);
            SharedRocks shared = new SharedRocks(location, db, dbOptions, columnOptions);
            for (int i = 0; i < names.size(); i++) {
                shared.families.put(new String(names.get(i), java.nio.charset.StandardCharsets.UTF_8), handles.get(i));
            }
            return shared;
        } catch (IOException | RocksDBException e) {
            columnOptions.close();
            dbOptions.close();
            throw new PersistenceException("Cannot open the store in " + location, e);
        }
    }

    /** The column families of the database in {@code location}; a new database has only the default one. */
    private static List<byte[]> existingFamilies(Path location) throws RocksDBException {
        if (!Files.exists(location.resolve("CURRENT"))) {
            return List.of(RocksDB.DEFAULT_COLUMN_FAMILY);
        }
        try (Options options = new Options()) {
            return RocksDB.listColumnFamilies(options, location.toString());
        }
    }

    /** The column family {@code name}, created if the database has none of that name. */
    synchronized ColumnFamilyHandle family(String name) {
        ColumnFamilyHandle handle = families.get(name);
        if (handle == null) {
            try {
                handle = db.createColumnFamily(
                        new ColumnFamilyDescriptor(name.getBytes(java.nio.charset.StandardCharsets.UTF_8), columnOptions));
            } catch (RocksDBException e) {
                throw new PersistenceException("Cannot create the column family " + name + " in " + location, e);
            }
            families.put(name, handle);
        }
        return handle;
    }

    /** One store less; the last closes the database (its stores have stopped using it: see RocksStore's lock). */
    static synchronized void release(SharedRocks shared) {
        if (--shared.users > 0) {
            return;
        }
        OPEN.remove(shared.location);
        shared.families.values().forEach(ColumnFamilyHandle::close);
        shared.db.close();
        shared.columnOptions.close();
        shared.dbOptions.close();
    }
}
