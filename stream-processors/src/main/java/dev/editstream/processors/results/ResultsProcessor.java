package dev.editstream.processors.results;

import dev.editstream.processors.resolution.ResolutionStage;
import dev.editstream.processors.streams.StreamsApp;
import dev.editstream.schemas.ReasonCode;
import dev.editstream.schemas.avro.CancelRequest;
import dev.editstream.schemas.avro.EditProgress;
import dev.editstream.schemas.avro.EditResult;
import dev.editstream.schemas.avro.RequestPhase;
import dev.editstream.schemas.avro.RequestState;
import dev.editstream.schemas.avro.ResolutionAction;
import dev.editstream.schemas.avro.Stage;
import dev.editstream.schemas.avro.WorkerOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The results stage: the one place that decides how a dispatched request ends. Its inputs are
 * {@code worker-outcomes} ({@link WorkerOutcome}) and {@code edit-cancellations} ({@link
 * CancelRequest}), keyed by request id like dispatch's input, so a request's records all meet this
 * task's {@link RequestStates#STORE}.
 *
 * <ul>
 *   <li>The first outcome of a DISPATCHED request becomes its result; any other outcome (a repeat,
 *       one after a cancellation or expiry, one for an id never dispatched) is dropped and counted.
 *   <li>A cancellation ends a DISPATCHED request CANCELLED at once (workers read {@code
 *       edit-results} and stop between steps); one for an id not seen yet is remembered, so
 *       dispatch refuses the request when it comes; one for an ended request is ignored.
 *   <li>A wall-clock punctuation ends every DISPATCHED request whose deadline has passed EXPIRED;
 *       another forgets ended and cancel-first states older than the retention.
 * </ul>
 *
 * <p>Every record it writes and every decision it makes is stamped with the Streams wall clock, the
 * time its punctuations see. An outcome that arrives after its deadline but before the next check
 * still makes the result: the check, not the arrival, decides expiry.
 *
 * <p>The deadline check reads every state of the task at each interval, ended ones too until they
 * are purged; a deadline-ordered index beside the store is the step to take if that grows costly.
 */
public final class ResultsProcessor implements Processor<String, SpecificRecord, Object, Object> {

  private static final Logger LOG = LoggerFactory.getLogger(ResultsProcessor.class);

  private final Duration deadlineCheckInterval;
  private final Duration retention;
  private final LongAdder droppedOutcomes;
  private ProcessorContext<Object, Object> context;
  private KeyValueStore<String, RequestState> states;
  private Decisions decisions;

  /**
   * A results processor for one task.
   *
   * @param deadlineCheckInterval how often overdue dispatched requests are looked for
   * @param retention how long ended and cancel-first states are kept
   * @param droppedOutcomes counts dropped outcomes across every task of the application
   */
  public ResultsProcessor(
      Duration deadlineCheckInterval, Duration retention, LongAdder droppedOutcomes) {
    this.deadlineCheckInterval = deadlineCheckInterval;
    this.retention = retention;
    this.droppedOutcomes = droppedOutcomes;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.states = context.getStateStore(RequestStates.STORE);
    this.decisions = new Decisions(context, Stage.RESULT);
    context.schedule(
        deadlineCheckInterval,
        PunctuationType.WALL_CLOCK_TIME,
        t -> expire(Instant.ofEpochMilli(t)));
    context.schedule(
        purgeInterval(retention),
        PunctuationType.WALL_CLOCK_TIME,
        t -> purge(Instant.ofEpochMilli(t)));
  }

  /** See {@link StreamsApp#purgeInterval}. */
  static Duration purgeInterval(Duration retention) {
    return StreamsApp.purgeInterval(retention);
  }

  @Override
  public void process(Record<String, SpecificRecord> record) {
    Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
    if (record.value() instanceof WorkerOutcome outcome) {
      onOutcome(idOf(record.key(), outcome.getRequestId()), outcome, now);
    } else if (record.value() instanceof CancelRequest cancel) {
      onCancel(idOf(record.key(), cancel.getRequestId()), cancel, now);
    } else if (record.value() instanceof EditProgress progress) {
      onProgress(idOf(record.key(), progress.getRequestId()), progress, now);
    } else {
      LOG.info("Ignoring tombstone with key {}", record.key());
    }
  }

  private void onOutcome(String id, WorkerOutcome outcome, Instant now) {
    RequestState state = states.get(id);
    if (state == null || state.getPhase() != RequestPhase.DISPATCHED) {
      drop(id, state, outcome, now);
      return;
    }
    EditResult result = resultOf(state, outcome, now);
    LOG.info(
        "Request {} ended {} {} (worker {}, attempt {})",
        id,
        result.getStatus(),
        result.getReasonCode(),
        outcome.getWorker(),
        outcome.getAttempt());
    Map<String, String> details = new HashMap<>();
    Decisions.putIfSet(details, "worker", outcome.getWorker());
    details.put("attempt", Integer.toString(outcome.getAttempt()));
    decisions.end(state, result, details, now);
  }

  /** The result an outcome makes: the worker's verdict, with the state's metadata. */
  private static EditResult resultOf(RequestState state, WorkerOutcome outcome, Instant now) {
    Map<String, Long> timings = new HashMap<>(outcome.getTimingsMs());
    if (state.getAcceptedAt() != null) {
      timings.put("sinceDispatch", Duration.between(state.getAcceptedAt(), now).toMillis());
    }
    return EditResult.newBuilder()
        .setRequestId(state.getRequestId())
        .setStatus(outcome.getStatus())
        .setReasonCode(outcome.getReasonCode())
        .setMessage(outcome.getMessage())
        .setResultImage(outcome.getResultImage())
        .setMask(outcome.getMask())
        .setMaskSource(state.getMaskSource())
        .setCaptionSource(state.getCaptionSource())
        .setCaptionScore(state.getCaptionScore())
        .setResolvedCaption(either(outcome.getResolvedCaption(), state.getResolvedCaption()))
        .setSeed(either(outcome.getSeed(), state.getSeed()))
        .setBundleId(either(outcome.getBundleId(), state.getBundleId()))
        .setBundleSha256(either(outcome.getBundleSha256(), state.getBundleSha256()))
        .setTimingsMs(timings)
        .setQuality(outcome.getQuality())
        .setMetadata(state.getMetadata())
        .setCompletedAt(now)
        .build();
  }

  private static <T> T either(T reported, T dispatched) {
    return reported != null ? reported : dispatched;
  }

  /** Drops an outcome that comes too late or for nothing dispatched, and counts it. */
  private void drop(String id, RequestState state, WorkerOutcome outcome, Instant now) {
    droppedOutcomes.increment();
    String phase = state == null ? "none" : state.getPhase().name();
    Map<String, String> details = new HashMap<>();
    details.put("phase", phase);
    details.put("outcomeStatus", outcome.getStatus().name());
    details.put("outcomeReasonCode", outcome.getReasonCode());
    details.put("attempt", Integer.toString(outcome.getAttempt()));
    Decisions.putIfSet(details, "worker", outcome.getWorker());
    if (outcome.getResultImage() != null) {
      details.put("outcomeSha256", outcome.getResultImage().getSha256());
    }
    int dropped = 1;
    if (state != null) {
      dropped = state.getDroppedOutcomes() + 1;
      states.put(
          id, RequestState.newBuilder(state).setDroppedOutcomes(dropped).setUpdatedAt(now).build());
      Decisions.putIfSet(details, "decidedStatus", state.getStatus());
    }
    details.put("droppedOutcomes", Integer.toString(dropped));
    LOG.info(
        "Request {}: {} outcome of attempt {} dropped, request is {} ({} dropped for it)",
        id,
        outcome.getStatus(),
        outcome.getAttempt(),
        phase,
        dropped);
    decisions.audit(id, "OUTCOME_DROPPED", details, now);
  }

  private void onCancel(String id, CancelRequest cancel, Instant now) {
    RequestState state = states.get(id);
    String why = cancel.getReason() == null ? "" : " (" + cancel.getReason() + ")";
    if (state == null) {
      states.put(
          id,
          RequestState.newBuilder()
              .setRequestId(id)
              .setPhase(RequestPhase.CANCEL_BEFORE_ACCEPT)
              .setUpdatedAt(now)
              .build());
      LOG.info("Request {} cancelled before dispatch saw it{}; remembered", id, why);
      Map<String, String> details = new HashMap<>();
      Decisions.putIfSet(details, "reason", cancel.getReason());
      details.put("requestedAt", cancel.getRequestedAt().toString());
      decisions.audit(id, "CANCEL_BEFORE_ACCEPT", details, now);
    } else if (state.getPhase() == RequestPhase.DISPATCHED) {
      LOG.info("Request {} ended CANCELLED during its edit{}", id, why);
      decisions.end(state, ReasonCode.CANCELLED_BY_CLIENT, "cancelled by the client" + why, now);
    } else if (state.getPhase() == RequestPhase.RESOLVING) {
      LOG.info("Request {} ended CANCELLED while resolving {}{}", id, state.getResolving(), why);
      withdraw(state, now);
      decisions.end(state, ReasonCode.CANCELLED_BY_CLIENT, "cancelled by the client" + why, now);
    } else {
      LOG.info("Request {} is {}; cancellation ignored", id, state.getPhase());
    }
  }

  /** Keeps a dispatched request's latest progress in its state, for status queries. */
  private void onProgress(String id, EditProgress progress, Instant now) {
    RequestState state = states.get(id);
    if (state != null && state.getPhase() == RequestPhase.DISPATCHED) {
      states.put(
          id, RequestState.newBuilder(state).setProgress(progress).setUpdatedAt(now).build());
    }
  }

  /**
   * Ends every dispatched or resolving request whose deadline is not after {@code now} EXPIRED; a
   * resolving one's ask is withdrawn, so the stage never releases it.
   */
  private void expire(Instant now) {
    for (RequestState state : matching(s -> isOpen(s) && isOverdue(s, now))) {
      boolean resolving = state.getPhase() == RequestPhase.RESOLVING;
      LOG.info(
          "Request {} ended EXPIRED: deadline {} passed while {}",
          state.getRequestId(),
          state.getDeadline(),
          resolving ? "resolving " + state.getResolving() : "dispatched");
      if (resolving) {
        withdraw(state, now);
      }
      decisions.end(
          state,
          ReasonCode.DEADLINE_EXPIRED,
          "the deadline " + state.getDeadline() + " passed before the edit finished",
          now);
    }
  }

  private static boolean isOpen(RequestState state) {
    return state.getPhase() == RequestPhase.DISPATCHED
        || state.getPhase() == RequestPhase.RESOLVING;
  }

  /** Takes a resolving request off its stage's parked list. */
  private void withdraw(RequestState state, Instant now) {
    ResolutionStage.parsePending(state.getResolving())
        .ifPresent(
            p ->
                context.forward(
                    new Record<Object, Object>(
                        p.key(),
                        ResolutionStage.ask(
                            state.getRequestId(), p.key(), ResolutionAction.WITHDRAW, null, now),
                        now.toEpochMilli()),
                    p.stage().requestsSink()));
  }

  private static boolean isOverdue(RequestState state, Instant now) {
    return state.getDeadline() != null && !state.getDeadline().isAfter(now);
  }

  /** Forgets ended and cancel-first states not changed for longer than the retention. */
  private void purge(Instant now) {
    Instant cutoff = now.minus(retention);
    List<RequestState> old =
        matching(
            s ->
                (s.getPhase() == RequestPhase.TERMINAL
                        || s.getPhase() == RequestPhase.CANCEL_BEFORE_ACCEPT)
                    && s.getUpdatedAt().isBefore(cutoff));
    old.forEach(s -> states.delete(s.getRequestId()));
    if (!old.isEmpty()) {
      LOG.info("Forgot {} request states older than {}", old.size(), retention);
    }
  }

  /** The states that match, read fully before any is changed. */
  private List<RequestState> matching(Predicate<RequestState> test) {
    List<RequestState> found = new ArrayList<>();
    try (KeyValueIterator<String, RequestState> all = states.all()) {
      all.forEachRemaining(
          kv -> {
            if (test.test(kv.value)) {
              found.add(kv.value);
            }
          });
    }
    return found;
  }

  /** The record key, which partitions the store; the value's id when the key is missing. */
  public static String idOf(String key, String valueId) {
    return key != null && !key.isBlank() ? key : valueId;
  }
}
