package dev.editstream.schemas.serde;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/** Factory of configured Avro serdes; the topic catalogue builds its value serdes here. */
public final class AvroSerdes {

  private AvroSerdes() {}

  /**
   * A configured serde for a generated record class.
   *
   * @param type the generated class
   * @param config {@link AvroSerdeConfig} keys ({@code schema.registry.url}, ...)
   * @param isKey whether the serde is for record keys (subject {@code <topic>-key})
   */
  public static <T extends SpecificRecord> Serde<T> specific(
      Class<T> type, Map<String, ?> config, boolean isKey) {
    SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type);
    serde.configure(config, isKey);
    return serde;
  }
}
