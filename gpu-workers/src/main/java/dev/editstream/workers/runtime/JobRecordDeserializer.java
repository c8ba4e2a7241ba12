package dev.editstream.workers.runtime;

import dev.editstream.schemas.Topics;
import dev.editstream.schemas.avro.EditJob;
import dev.editstream.schemas.registry.SchemaRegistryException;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads {@code jobs-edit} values into {@link JobRecord}s: a job, a poison record, or a record to
 * read again because the schema registry did not answer. Never throws.
 */
final class JobRecordDeserializer implements Deserializer<JobRecord> {

  /** Confluent's "schema not found": the id in the record is wrong, not the registry. */
  private static final int SCHEMA_NOT_FOUND = 40403;

  private final Deserializer<EditJob> jobs;

  /**
   * @param registryConfig serde configuration ({@code schema.registry.url}, ...)
   */
  JobRecordDeserializer(Map<String, ?> registryConfig) {
    this.jobs = Topics.JOBS_EDIT.valueSerde(registryConfig).deserializer();
  }

  @Override
  public JobRecord deserialize(String topic, byte[] data) {
    if (data == null) {
      return new JobRecord.Unreadable("the record has no value");
    }
    try {
      return new JobRecord.Readable(jobs.deserialize(topic, data));
    } catch (RuntimeException e) {
      return registryFault(e)
          ? new JobRecord.RegistryUnavailable(e.getMessage())
          : new JobRecord.Unreadable(e.getMessage());
    }
  }

  private static boolean registryFault(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof SchemaRegistryException registry) {
        return registry.errorCode() != SCHEMA_NOT_FOUND;
      }
    }
    return false;
  }

  @Override
  public void close() {
    jobs.close();
  }
}
