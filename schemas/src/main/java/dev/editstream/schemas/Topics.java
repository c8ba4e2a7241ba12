package dev.editstream.schemas;

import dev.editstream.schemas.avro.AuditEvent;
import dev.editstream.schemas.avro.CancelRequest;
import dev.editstream.schemas.avro.CaptionJob;
import dev.editstream.schemas.avro.CaptionRecord;
import dev.editstream.schemas.avro.EditJob;
import dev.editstream.schemas.avro.EditMetrics;
import dev.editstream.schemas.avro.EditProgress;
import dev.editstream.schemas.avro.EditRequest;
import dev.editstream.schemas.avro.EditResult;
import dev.editstream.schemas.avro.InversionJob;
import dev.editstream.schemas.avro.InversionRecord;
import dev.editstream.schemas.avro.Resolution;
import dev.editstream.schemas.avro.ResolutionRequest;
import dev.editstream.schemas.avro.WorkerOutcome;
import dev.editstream.schemas.serde.AvroSerdes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The topic catalogue: every topic of EditStream with its name, key and value serdes, partitions,
 * cleanup policy and retention. Keys are strings (request id, image sha256, inversion key) in
 * Kafka's plain string encoding; values are Avro specific records in the Confluent wire format.
 *
 * <pre>{@code
 * Map<String, ?> registry = Map.of("schema.registry.url", "http://127.0.0.1:8081");
 * builder.stream(Topics.EDIT_REQUESTS.name(),
 *     Consumed.with(Topics.EDIT_REQUESTS.keySerde(registry), Topics.EDIT_REQUESTS.valueSerde(registry)));
 * }</pre>
 */
public final class Topics {

  /** Partitions of the data-flow topics: the unit of parallelism for processors and workers. */
  public static final int DATA_PARTITIONS = 6;

  private static final long WEEK_MS = Duration.ofDays(7).toMillis();
  private static final long DAY_MS = Duration.ofDays(1).toMillis();

  /** Client edit requests (key: request id). */
  public static final Topic<String, EditRequest> EDIT_REQUESTS =
      avro("edit-requests", EditRequest.class, deleteAfter(WEEK_MS));

  /** Client cancellations (key: request id). */
  public static final Topic<String, CancelRequest> EDIT_CANCELLATIONS =
      avro("edit-cancellations", CancelRequest.class, deleteAfter(WEEK_MS));

  /** Requests that passed intake validation, input of the caption stage (key: request id). */
  public static final Topic<String, EditRequest> EDIT_REQUESTS_ACCEPTED =
      avro("edit-requests-accepted", EditRequest.class, deleteAfter(WEEK_MS));

  /**
   * Dead letters: invalid requests (reason in headers) and records that could not be deserialised
   * at all. Raw bytes, because a dead letter need not be valid Avro.
   */
  public static final Topic<byte[], byte[]> EDIT_DLQ =
      new Topic<>(
          "edit-dlq",
          (config, isKey) -> Serdes.ByteArray(),
          (config, isKey) -> Serdes.ByteArray(),
          DATA_PARTITIONS,
          deleteAfter(Duration.ofDays(30).toMillis()));

  /** Captions by image sha256; compacted, so it is a cache of the latest caption per image. */
  public static final Topic<String, CaptionRecord> CAPTIONS =
      avro("captions", CaptionRecord.class, compacted());

  /** Finished inversions by inversion key; compacted, the inversion cache. */
  public static final Topic<String, InversionRecord> INVERSIONS =
      avro("inversions", InversionRecord.class, compacted());

  /**
   * Requests asking the caption stage for an image's caption (key: image hash); co-partitioned with
   * {@link #CAPTIONS}, so a key's asks and its record meet in one task.
   */
  public static final Topic<String, ResolutionRequest> CAPTION_REQUESTS =
      avro("caption-requests", ResolutionRequest.class, deleteAfter(WEEK_MS));

  /** Caption work for the workers (key: image hash). */
  public static final Topic<String, CaptionJob> JOBS_CAPTION =
      avro("jobs-caption", CaptionJob.class, deleteAfter(WEEK_MS));

  /**
   * Requests asking the inversion stage for an inversion (key: inversion key); co-partitioned with
   * {@link #INVERSIONS}.
   */
  public static final Topic<String, ResolutionRequest> INVERSION_REQUESTS =
      avro("inversion-requests", ResolutionRequest.class, deleteAfter(WEEK_MS));

  /**
   * The resolution stages' answers (key: request id), read by the flow with the accepted requests.
   */
  public static final Topic<String, Resolution> RESOLUTIONS =
      avro("resolutions", Resolution.class, deleteAfter(WEEK_MS));

  /** Inversion work for the workers (key: inversion key). */
  public static final Topic<String, InversionJob> JOBS_INVERT =
      avro("jobs-invert", InversionJob.class, deleteAfter(WEEK_MS));

  /** Edit work for the workers (key: request id). */
  public static final Topic<String, EditJob> JOBS_EDIT =
      avro("jobs-edit", EditJob.class, deleteAfter(WEEK_MS));

  /**
   * What workers made of their jobs (key: request id). A worker may deliver an outcome more than
   * once; the results stage turns the first one of an open request into its result.
   */
  public static final Topic<String, WorkerOutcome> WORKER_OUTCOMES =
      avro("worker-outcomes", WorkerOutcome.class, deleteAfter(WEEK_MS));

  /** Terminal outcomes, exactly one per accepted request (key: request id). */
  public static final Topic<String, EditResult> EDIT_RESULTS =
      avro("edit-results", EditResult.class, deleteAfter(WEEK_MS));

  /** Progress reports (key: request id); short-lived. */
  public static final Topic<String, EditProgress> EDIT_PROGRESS =
      avro("edit-progress", EditProgress.class, deleteAfter(DAY_MS));

  /** Per-edit measurements (key: request id). */
  public static final Topic<String, EditMetrics> EDIT_METRICS =
      avro("edit-metrics", EditMetrics.class, deleteAfter(Duration.ofDays(30).toMillis()));

  /** The audit trail (key: request id); kept forever ({@code retention.ms=-1}) for replay. */
  public static final Topic<String, AuditEvent> EDIT_AUDIT =
      avro("edit-audit", AuditEvent.class, deleteAfter(-1));

  /**
   * The schema registry's store: one partition (a total order of registrations), compacted, kept
   * forever. Keys and values are the registry's JSON documents.
   */
  public static final Topic<String, String> SCHEMAS =
      new Topic<>(
          "_schemas",
          (config, isKey) -> Serdes.String(),
          (config, isKey) -> Serdes.String(),
          1,
          compacted());

  private static final List<Topic<?, ?>> ALL =
      List.of(
          EDIT_REQUESTS,
          EDIT_CANCELLATIONS,
          EDIT_REQUESTS_ACCEPTED,
          EDIT_DLQ,
          CAPTIONS,
          CAPTION_REQUESTS,
          JOBS_CAPTION,
          INVERSIONS,
          INVERSION_REQUESTS,
          JOBS_INVERT,
          RESOLUTIONS,
          JOBS_EDIT,
          WORKER_OUTCOMES,
          EDIT_RESULTS,
          EDIT_PROGRESS,
          EDIT_METRICS,
          EDIT_AUDIT,
          SCHEMAS);

  private Topics() {}

  /** Every topic of the catalogue, the registry's {@code _schemas} included. */
  public static List<Topic<?, ?>> all() {
    return ALL;
  }

  private static <V extends SpecificRecord> Topic<String, V> avro(
      String name, Class<V> valueType, Map<String, String> config) {
    BiFunction<Map<String, ?>, Boolean, Serde<String>> keys = (registry, isKey) -> Serdes.String();
    BiFunction<Map<String, ?>, Boolean, Serde<V>> values =
        (registry, isKey) -> AvroSerdes.specific(valueType, registry, isKey);
    return new Topic<>(name, keys, values, DATA_PARTITIONS, config);
  }

  private static Map<String, String> deleteAfter(long retentionMs) {
    return Map.of(
        TopicConfig.CLEANUP_POLICY_CONFIG,
        TopicConfig.CLEANUP_POLICY_DELETE,
        TopicConfig.RETENTION_MS_CONFIG,
        Long.toString(retentionMs));
  }

  private static Map<String, String> compacted() {
    return Map.of(
        TopicConfig.CLEANUP_POLICY_CONFIG,
        TopicConfig.CLEANUP_POLICY_COMPACT,
        TopicConfig.RETENTION_MS_CONFIG,
        "-1");
  }
}
