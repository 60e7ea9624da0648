package org.paperrec.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/** The store's RocksDB opened directly, to check and tamper with the on-disk layout in tests. */
final class RawRocks implements AutoCloseable {

  private final DBOptions options = new DBOptions();
  private final ColumnFamilyOptions familyOptions = new ColumnFamilyOptions();
  private final List<ColumnFamilyHandle> handles = new ArrayList<>();
  private final Map<String, ColumnFamilyHandle> families = new LinkedHashMap<>();
  private final RocksDB db;

  RawRocks(Path dir) throws RocksDBException {
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    try (Options listOptions = new Options()) {
      for (byte[] name : RocksDB.listColumnFamilies(listOptions, dir.toString())) {
        descriptors.add(new ColumnFamilyDescriptor(name, familyOptions));
      }
    }
    db = RocksDB.open(options, dir.toString(), descriptors, handles);
    for (int i = 0; i < descriptors.size(); i++) {
      families.put(new String(descriptors.get(i).getName(), StandardCharsets.UTF_8), handles.get(i));
    }
  }

  List<String> familyNames() {
    return List.copyOf(families.keySet());
  }

  byte[] get(String family, String key) throws RocksDBException {
    return db.get(families.get(family), key.getBytes(StandardCharsets.UTF_8));
  }

  byte[] get(String family, byte[] key) throws RocksDBException {
    return db.get(families.get(family), key);
  }

  void put(String family, String key, byte[] value) throws RocksDBException {
    db.put(families.get(family), key.getBytes(StandardCharsets.UTF_8), value);
  }

  void delete(String family, String key) throws RocksDBException {
    db.delete(families.get(family), key.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    handles.forEach(ColumnFamilyHandle::close);
    db.close();
    familyOptions.close();
    options.close();
  }
}
