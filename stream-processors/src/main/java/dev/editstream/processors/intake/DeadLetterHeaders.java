package dev.editstream.processors.intake;

/**
 * Header names on {@code edit-dlq} records written by EditStream, beside the {@code
 * __streams.errors.*} headers Kafka Streams' own dead-letter support writes.
 */
public final class DeadLetterHeaders {

  /**
   * The reason code: a {@link dev.editstream.schemas.ReasonCode} name, or {@link
   * #UNDESERIALIZABLE}.
   */
  public static final String REASON_CODE = "editstream.reason.code";

  /** The human message of the reason. */
  public static final String REASON_MESSAGE = "editstream.reason.message";

  /** The stage that dead-lettered the record, e.g. {@code INTAKE}. */
  public static final String STAGE = "editstream.stage";

  /** The topic the original record was read from. */
  public static final String SOURCE_TOPIC = "editstream.source.topic";

  /** The partition the original record was read from. */
  public static final String SOURCE_PARTITION = "editstream.source.partition";

  /** The offset of the original record. */
  public static final String SOURCE_OFFSET = "editstream.source.offset";

  /** Reason code of a record that is not a readable Avro record of the topic's type. */
  public static final String UNDESERIALIZABLE = "UNDESERIALIZABLE";

  private DeadLetterHeaders() {}
}
