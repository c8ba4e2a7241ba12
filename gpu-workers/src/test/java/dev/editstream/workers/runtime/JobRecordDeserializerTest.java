package dev.editstream.workers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.editstream.schemas.Topics;
import dev.editstream.schemas.avro.EditJob;
import dev.editstream.schemas.registry.MockSchemaRegistry;
import java.nio.ByteBuffer;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JobRecordDeserializerTest {

  private static final String SCOPE = "job-record-deserializer-test";
  private static final Map<String, Object> MOCK = Map.of("schema.registry.url", "mock://" + SCOPE);

  @AfterEach
  void dropScope() {
    MockSchemaRegistry.dropScope(SCOPE);
  }

  @Test
  void readsAJob() {
    EditJob job = TestJobs.job("r-1");
    byte[] bytes = Topics.JOBS_EDIT.valueSerde(MOCK).serializer().serialize("jobs-edit", job);

    JobRecord read = new JobRecordDeserializer(MOCK).deserialize("jobs-edit", bytes);

    assertThat(read).isEqualTo(new JobRecord.Readable(job));
  }

  @Test
  void callsGarbageAndMissingValuesUnreadable() {
    JobRecordDeserializer deserializer = new JobRecordDeserializer(MOCK);

    assertThat(deserializer.deserialize("jobs-edit", "not avro".getBytes()))
        .isInstanceOf(JobRecord.Unreadable.class);
    assertThat(deserializer.deserialize("jobs-edit", null))
        .isInstanceOf(JobRecord.Unreadable.class);
  }

  @Test
  void callsAnUnknownSchemaIdUnreadable() {
    byte[] unknownId = ByteBuffer.allocate(6).put((byte) 0).putInt(987_654).array();

    JobRecord read = new JobRecordDeserializer(MOCK).deserialize("jobs-edit", unknownId);

    assertThat(read).isInstanceOf(JobRecord.Unreadable.class);
  }

  @Test
  void tellsARegistryThatDoesNotAnswerFromABadRecord() {
    Map<String, Object> down =
        Map.of("schema.registry.url", "http://127.0.0.1:1", "schema.registry.max.retries", 0);
    byte[] framed = ByteBuffer.allocate(6).put((byte) 0).putInt(1).array();

    JobRecord read = new JobRecordDeserializer(down).deserialize("jobs-edit", framed);

    assertThat(read).isInstanceOf(JobRecord.RegistryUnavailable.class);
  }
}
