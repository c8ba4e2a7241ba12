package dev.editstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.editstream.schemas.avro.EditResult;
import dev.editstream.schemas.avro.ResultStatus;
import dev.editstream.schemas.registry.MockSchemaRegistry;
import dev.editstream.schemas.registry.SchemaRegistryClient;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SpecificAvroSerdeTest {

  private static final String SCOPE = "serde-test";
  private static final String TOPIC = "edit-results";

  @AfterEach
  void dropRegistry() {
    MockSchemaRegistry.dropScope(SCOPE);
  }

  private static Map<String, Object> config(Object... pairs) {
    Map<String, Object> config = new HashMap<>();
    config.put("schema.registry.url", "mock://" + SCOPE);
    for (int i = 0; i < pairs.length; i += 2) {
      config.put((String) pairs[i], pairs[i + 1]);
    }
    return config;
  }

  private static EditResult result() {
    return EditResult.newBuilder()
        .setRequestId("r-1")
        .setStatus(ResultStatus.REJECTED)
        .setReasonCode("IMAGE_TOO_LARGE")
        .setMessage("image is 9000x9000, limit 4096x4096")
        .setCompletedAt(Instant.ofEpochMilli(1_700_000_000_123L))
        .build();
  }

  @Test
  void refusesPayloadsThatAreNotConfluentWireFormat() {
    try (SpecificAvroDeserializer<EditResult> deserializer =
        new SpecificAvroDeserializer<>(EditResult.class)) {
      deserializer.configure(config(), false);
      assertThatThrownBy(() -> deserializer.deserialize(TOPIC, new byte[] {0, 0, 1}))
          .isInstanceOf(SerializationException.class)
          .hasMessageContaining("too short");
      assertThatThrownBy(() -> deserializer.deserialize(TOPIC, "{\"json\":1}".getBytes()))
          .isInstanceOf(SerializationException.class)
          .hasMessageContaining("Unknown magic byte 123");
      assertThatThrownBy(() -> deserializer.deserialize(TOPIC, new byte[] {0, 0, 0, 0, 77, 2}))
          .isInstanceOf(SerializationException.class)
          .hasMessageContaining("Unknown schema id 77");
      assertThat(deserializer.deserialize(TOPIC, null)).isNull();
    }
  }

  @Test
  void readsOlderWriterSchemasIntoTheCurrentClass() throws Exception {
    // An older EditResult: no metadata map, no quality, no timings.
    Schema old =
        SchemaBuilder.record("EditResult")
            .namespace("dev.editstream.schemas.avro")
            .fields()
            .requiredString("requestId")
            .name("status")
            .type(EditResult.getClassSchema().getField("status").schema())
            .noDefault()
            .requiredString("reasonCode")
            .requiredString("message")
            .name("completedAt")
            .type(EditResult.getClassSchema().getField("completedAt").schema())
            .noDefault()
            .endRecord();
    SchemaRegistryClient registry = MockSchemaRegistry.forScope(SCOPE);
    int id = registry.register(TOPIC + "-value", old);
    GenericRecord written = new GenericData.Record(old);
    written.put("requestId", "r-old");
    written.put("status", new GenericData.EnumSymbol(old.getField("status").schema(), "FAILED"));
    written.put("reasonCode", "WORKER_CRASHED");
    written.put("message", "worker died");
    written.put("completedAt", 5L);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0);
    out.write(ByteBuffer.allocate(4).putInt(id).array());
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(old).write(written, encoder);
    encoder.flush();

    try (SpecificAvroDeserializer<EditResult> deserializer =
        new SpecificAvroDeserializer<>(EditResult.class)) {
      deserializer.configure(config(), false);
      EditResult read = deserializer.deserialize(TOPIC, out.toByteArray());
      assertThat(read.getRequestId()).isEqualTo("r-old");
      assertThat(read.getStatus()).isEqualTo(ResultStatus.FAILED);
      assertThat(read.getCompletedAt()).isEqualTo(Instant.ofEpochMilli(5));
      assertThat(read.getMetadata()).isEmpty();
      assertThat(read.getQuality()).isNull();
    }
  }

  @Test
  void withoutAutoRegisterTheSchemaMustAlreadyBeThere() {
    try (SpecificAvroSerde<EditResult> serde = new SpecificAvroSerde<>(EditResult.class)) {
      serde.configure(config("auto.register.schemas", "false"), false);
      assertThatThrownBy(() -> serde.serializer().serialize(TOPIC, result()))
          .isInstanceOf(SerializationException.class)
          .hasMessageContaining("edit-results-value");
      int id =
          MockSchemaRegistry.forScope(SCOPE)
              .register(TOPIC + "-value", EditResult.getClassSchema());
      byte[] bytes = serde.serializer().serialize(TOPIC, result());
      assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
      assertThat(serde.deserializer().deserialize(TOPIC, bytes)).isEqualTo(result());
    }
  }

  @Test
  void useLatestVersionWritesWithTheSubjectsNewestSchema() throws Exception {
    Schema newer =
        new Schema.Parser()
            .parse(
                EditResult.getClassSchema()
                    .toString()
                    .replace(
                        "\"fields\":[",
                        "\"fields\":[{\"name\":\"tenant\",\"type\":[\"null\",\"string\"],\"default\":null},"));
    SchemaRegistryClient registry = MockSchemaRegistry.forScope(SCOPE);
    registry.register(TOPIC + "-value", EditResult.getClassSchema());
    int latestId = registry.register(TOPIC + "-value", newer);

    try (SpecificAvroSerde<EditResult> serde = new SpecificAvroSerde<>(EditResult.class)) {
      serde.configure(config("auto.register.schemas", false, "use.latest.version", true), false);
      byte[] bytes = serde.serializer().serialize(TOPIC, result());
      assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(latestId);
      GenericRecord asLatest =
          new GenericDatumReader<GenericRecord>(newer)
              .read(null, DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null));
      assertThat(asLatest.get("tenant")).isNull();
      assertThat(asLatest.get("reasonCode").toString()).isEqualTo("IMAGE_TOO_LARGE");
      assertThat(serde.deserializer().deserialize(TOPIC, bytes)).isEqualTo(result());
    }
  }

  @Test
  void keysUseTheKeySubject() {
    try (SpecificAvroSerde<EditResult> serde = new SpecificAvroSerde<>()) {
      serde.configure(config(), true);
      byte[] bytes = serde.serializer().serialize(TOPIC, result());
      assertThat(MockSchemaRegistry.forScope(SCOPE).subjects()).containsExactly("edit-results-key");
      assertThat(serde.deserializer().deserialize(TOPIC, bytes)).isEqualTo(result());
    }
  }

  @Test
  void genericDeserializerReadsTheWriterSchema() {
    try (SpecificAvroSerde<EditResult> serde = new SpecificAvroSerde<>(EditResult.class);
        GenericAvroDeserializer generic = new GenericAvroDeserializer()) {
      serde.configure(config(), false);
      generic.configure(config("specific.avro.reader", "false"), false);
      byte[] bytes = serde.serializer().serialize(TOPIC, result());
      GenericRecord read = generic.deserialize(TOPIC, bytes);
      assertThat(read.getSchema()).isEqualTo(EditResult.getClassSchema());
      assertThat(read.get("reasonCode").toString()).isEqualTo("IMAGE_TOO_LARGE");
    }
  }

  @Test
  void configurationErrorsNameTheKey() {
    try (SpecificAvroSerde<EditResult> serde = new SpecificAvroSerde<>(EditResult.class)) {
      assertThatThrownBy(() -> serde.configure(Map.of(), false))
          .hasMessageContaining("schema.registry.url");
      assertThatThrownBy(() -> serde.configure(config("auto.register.schemas", "maybe"), false))
          .hasMessageContaining("auto.register.schemas");
      assertThatThrownBy(
              () -> serde.configure(Map.of("schema.registry.url", "ftp://registry"), false))
          .hasMessageContaining("http");
      assertThatThrownBy(() -> serde.configure(config("specific.avro.reader", "false"), false))
          .hasMessageContaining("GenericAvroDeserializer");
    }
  }
}
