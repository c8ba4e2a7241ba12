package dev.editstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.editstream.schemas.SampleRecords;
import dev.editstream.schemas.Topics;
import dev.editstream.schemas.avro.EditRequest;
import dev.editstream.schemas.testing.KafkaClusterExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The serde through a real broker and the embedded registry. */
class SerdeIntegrationTest {

  @RegisterExtension
  static final KafkaClusterExtension KAFKA = KafkaClusterExtension.withRegistry().shared();

  @BeforeAll
  static void createTopics() {
    KAFKA.cluster().createTopics(List.of(Topics.EDIT_REQUESTS));
  }

  @Test
  void plainAvroDecodesWhatTheSerializerWroteWithTheSchemaFromTheRegistry() throws Exception {
    EditRequest request = SampleRecords.editRequest("r-plain");
    Serde<String> keys = Topics.EDIT_REQUESTS.keySerde(KAFKA.serdeConfig());
    Serde<EditRequest> values = Topics.EDIT_REQUESTS.valueSerde(KAFKA.serdeConfig());
    try (KafkaProducer<String, EditRequest> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()),
            keys.serializer(),
            values.serializer())) {
      producer.send(new ProducerRecord<>(Topics.EDIT_REQUESTS.name(), "r-plain", request)).get();
    }

    ConsumerRecord<byte[], byte[]> raw = consumeOne();
    byte[] bytes = raw.value();
    assertThat(bytes[0]).as("magic byte").isZero();
    int id = ByteBuffer.wrap(bytes, 1, 4).getInt();

    // Only the JDK's HTTP client, Jackson and plain Avro from here on.
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(KAFKA.registryUrl() + "/schemas/ids/" + id))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    Schema writer =
        new Schema.Parser()
            .parse(new ObjectMapper().readTree(response.body()).get("schema").asText());
    GenericRecord decoded =
        new GenericDatumReader<GenericRecord>(writer)
            .read(null, DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null));

    assertThat(decoded.get("requestId").toString()).isEqualTo("r-plain");
    assertThat(decoded.get("bundleName").toString()).isEqualTo("shapes");
    assertThat(decoded.get("sourceCaption").toString())
        .isEqualTo("a large red circle on a blue background");
    GenericRecord edit = (GenericRecord) decoded.get("edit");
    assertThat(edit.getSchema().getName()).isEqualTo("PromptEdit");
    assertThat(edit.get("targetPrompt").toString())
        .isEqualTo("a large green circle on a blue background");
    assertThat(((GenericRecord) decoded.get("mask")).get("w")).isEqualTo(10);
    assertThat(decoded.get("deadline")).isEqualTo(1_700_000_000_000L);
    assertThat(((GenericRecord) decoded.get("sampler")).get("seed")).isEqualTo(42L);

    // And the project's deserializer reads the same bytes back to the original record.
    assertThat(values.deserializer().deserialize(Topics.EDIT_REQUESTS.name(), bytes))
        .isEqualTo(request);
    assertThat(new String(raw.key(), StandardCharsets.UTF_8)).isEqualTo("r-plain");
  }

  private static ConsumerRecord<byte[], byte[]> consumeOne() {
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KAFKA.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      // The record key decides the partition; assigning all partitions avoids a group join.
      consumer.assign(
          consumer.partitionsFor(Topics.EDIT_REQUESTS.name()).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList());
      consumer.seekToBeginning(consumer.assignment());
      List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (records.isEmpty() && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      assertThat(records).hasSize(1);
      return records.get(0);
    }
  }
}
