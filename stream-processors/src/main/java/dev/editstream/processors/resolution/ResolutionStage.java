package dev.editstream.processors.resolution;

import dev.editstream.schemas.Topic;
import dev.editstream.schemas.Topics;
import dev.editstream.schemas.avro.CaptionRecord;
import dev.editstream.schemas.avro.CaptionStatus;
import dev.editstream.schemas.avro.InversionRecord;
import dev.editstream.schemas.avro.InversionStatus;
import dev.editstream.schemas.avro.Resolution;
import dev.editstream.schemas.avro.ResolutionAction;
import dev.editstream.schemas.avro.ResolutionKind;
import dev.editstream.schemas.avro.ResolutionOutcome;
import dev.editstream.schemas.avro.ResolutionRequest;
import dev.editstream.schemas.avro.Stage;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;

/**
 * One use of the resolution stage: which topics it reads and writes, what its records are and how a
 * record says it failed. {@link #CAPTIONS} and {@link #INVERSIONS} are the two there are.
 *
 * @param kind what is resolved
 * @param stage the stage audit events name
 * @param requests the asks (key: the resolution key), co-partitioned with the table
 * @param table the compacted table of records (key: the resolution key)
 * @param jobs where a miss issues the key's one job
 * @param recordType the table's value type
 * @param failure a record's failure (reason code, message), empty when it is usable
 * @param attach puts a usable record into an answer
 * @param <R> the table's value type
 */
public record ResolutionStage<R extends SpecificRecord>(
    ResolutionKind kind,
    Stage stage,
    Topic<String, ResolutionRequest> requests,
    Topic<String, R> table,
    Topic<String, ? extends SpecificRecord> jobs,
    Class<R> recordType,
    Function<R, Optional<Failure>> failure,
    BiConsumer<Resolution.Builder, R> attach) {

  /** Captions, by image hash: {@code caption-requests}, {@code captions}, {@code jobs-caption}. */
  public static final ResolutionStage<CaptionRecord> CAPTIONS =
      new ResolutionStage<>(
          ResolutionKind.CAPTION,
          Stage.CAPTION,
          Topics.CAPTION_REQUESTS,
          Topics.CAPTIONS,
          Topics.JOBS_CAPTION,
          CaptionRecord.class,
          r ->
              r.getStatus() == CaptionStatus.READY
                  ? Optional.empty()
                  : Optional.of(Failure.of(r.getReasonCode(), r.getMessage())),
          Resolution.Builder::setCaption);

  /**
   * Inversions, by inversion key: {@code inversion-requests}, {@code inversions}, {@code
   * jobs-invert}.
   */
  public static final ResolutionStage<InversionRecord> INVERSIONS =
      new ResolutionStage<>(
          ResolutionKind.INVERSION,
          Stage.INVERSION,
          Topics.INVERSION_REQUESTS,
          Topics.INVERSIONS,
          Topics.JOBS_INVERT,
          InversionRecord.class,
          r ->
              r.getStatus() == InversionStatus.READY && r.getInversion() != null
                  ? Optional.empty()
                  : Optional.of(Failure.of(r.getReasonCode(), r.getMessage())),
          Resolution.Builder::setInversion);

  /** The lower-case name stores, nodes and audit decisions are named by. */
  public String name() {
    return kind.name().toLowerCase(Locale.ROOT);
  }

  /** The store of usable records: the table as this stage has read it. */
  public String recordsStore() {
    return name() + "-records";
  }

  /** The store of keys with a job in flight and the requests parked behind it. */
  public String parkedStore() {
    return name() + "-parked";
  }

  /** The global store of this stage's {@link TableView}: the table's usable records. */
  public String viewStore() {
    return name() + "-view";
  }

  /**
   * The answer a stage gives an ask whose key's record it holds: HIT, with the record.
   *
   * @param requestId who asked
   * @param key the resolution key
   * @param record the key's usable record
   * @param now when
   */
  public Resolution hit(String requestId, String key, R record, Instant now) {
    Resolution.Builder answer =
        Resolution.newBuilder()
            .setRequestId(requestId)
            .setKind(kind)
            .setKey(key)
            .setOutcome(ResolutionOutcome.HIT)
            .setIssuedJob(false)
            .setParkedMs(0)
            .setResolvedAt(now);
    attach.accept(answer, record);
    return answer.build();
  }

  /** The sink node, in the flow's topology, of this stage's asks. */
  public String requestsSink() {
    return name() + "-requests-sink";
  }

  /** Both stages, captions first: the order a request meets them. */
  public static List<ResolutionStage<?>> all() {
    return List.of(CAPTIONS, INVERSIONS);
  }

  /**
   * What a RESOLVING request waits for, as its state records it: {@code <name>:<key>}.
   *
   * @param key the resolution key
   */
  public String pending(String key) {
    return name() + ":" + key;
  }

  /**
   * Reads back {@link #pending(String)}.
   *
   * @param pending a state's {@code resolving} field
   * @return the stage and key, or empty when the text names no stage
   */
  public static Optional<Pending> parsePending(String pending) {
    if (pending == null) {
      return Optional.empty();
    }
    for (ResolutionStage<?> stage : all()) {
      String prefix = stage.name() + ":";
      if (pending.startsWith(prefix)) {
        return Optional.of(new Pending(stage, pending.substring(prefix.length())));
      }
    }
    return Optional.empty();
  }

  /**
   * An ask of this stage.
   *
   * @param requestId who asks
   * @param key the resolution key
   * @param action RESOLVE or WITHDRAW
   * @param job for RESOLVE, the job that computes the record if no job is in flight; else null
   * @param now when
   */
  public static ResolutionRequest ask(
      String requestId, String key, ResolutionAction action, SpecificRecord job, Instant now) {
    return ResolutionRequest.newBuilder()
        .setRequestId(requestId)
        .setKey(key)
        .setAction(action)
        .setJob(job)
        .setRequestedAt(now)
        .build();
  }

  /**
   * A stage and the key a request waits for there.
   *
   * @param stage the stage
   * @param key the key
   */
  public record Pending(ResolutionStage<?> stage, String key) {}

  /** The prefix of this stage's audit decisions, e.g. {@code INVERSION}. */
  public String decisionPrefix() {
    return kind.name();
  }

  /**
   * Why a job failed.
   *
   * @param reasonCode the job's reason code (ENGINE_FAULT when the record gave none)
   * @param message the job's message
   */
  public record Failure(String reasonCode, String message) {
    static Failure of(String reasonCode, String message) {
      return new Failure(
          reasonCode == null || reasonCode.isBlank() ? "ENGINE_FAULT" : reasonCode,
          message == null ? "the job failed without a message" : message);
    }
  }
}
