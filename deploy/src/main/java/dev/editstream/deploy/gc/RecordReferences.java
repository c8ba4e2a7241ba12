package dev.editstream.deploy.gc;

import dev.editstream.schemas.serde.GenericAvroDeserializer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;

/**
 * The blob hashes one record value refers to. A value in the Confluent wire format is decoded in
 * its writer schema and walked for {@code BlobRef} records, whatever field, union, array or map
 * holds them, so new schemas need no change here. Anything else (a dead letter's raw bytes, a
 * store's own encoding, a value whose schema is gone) is searched for 64-hex-digit runs instead:
 * that can only keep too much, never delete a referenced blob.
 */
final class RecordReferences {

  private static final String BLOB_REF = "dev.editstream.schemas.avro.BlobRef";
  private static final Pattern HEX_RUN = Pattern.compile("(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])");

  private final GenericAvroDeserializer avro;

  RecordReferences(Map<String, ?> registryConfig) {
    this.avro = new GenericAvroDeserializer();
    avro.configure(registryConfig, false);
  }

  /** Adds the hashes the value refers to, to {@code into}; returns how many references it has. */
  long addTo(String topic, byte[] value, Set<String> into) {
    if (value == null || value.length == 0) {
      return 0;
    }
    if (value.length > 5 && value[0] == 0) {
      try {
        return walk(avro.deserialize(topic, value), into);
      } catch (RuntimeException notAvro) {
        // Framed-looking bytes that do not decode: fall back to the conservative search.
      }
    }
    long found = 0;
    Matcher m = HEX_RUN.matcher(new String(value, StandardCharsets.ISO_8859_1));
    while (m.find()) {
      into.add(m.group());
      found++;
    }
    return found;
  }

  private static long walk(Object datum, Set<String> into) {
    if (datum instanceof IndexedRecord record) {
      if (record.getSchema().getFullName().equals(BLOB_REF) && record instanceof GenericRecord g) {
        into.add(String.valueOf(g.get("sha256")));
        return 1;
      }
      long found = 0;
      for (int i = 0; i < record.getSchema().getFields().size(); i++) {
        found += walk(record.get(i), into);
      }
      return found;
    }
    if (datum instanceof Collection<?> items) {
      long found = 0;
      for (Object item : items) {
        found += walk(item, into);
      }
      return found;
    }
    if (datum instanceof Map<?, ?> map) {
      long found = 0;
      for (Object item : map.values()) {
        found += walk(item, into);
      }
      return found;
    }
    return 0;
  }
}
