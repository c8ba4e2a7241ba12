package dev.editstream.processors.results;

import dev.editstream.schemas.ReasonCode;
import dev.editstream.schemas.avro.AuditEvent;
import dev.editstream.schemas.avro.EditResult;
import dev.editstream.schemas.avro.RequestPhase;
import dev.editstream.schemas.avro.RequestState;
import dev.editstream.schemas.avro.Stage;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Records what a stage of the flow application decided about a request. Ending a request is one
 * step: its one terminal {@code EditResult} on {@code edit-results}, its state TERMINAL in {@link
 * RequestStates#STORE} and an {@code AuditEvent}, all in the task's transaction. This is the only
 * code after intake that writes terminal results; dispatch uses it for the requests it ends before
 * a job is out.
 */
public final class Decisions {

  /** The sink node of {@code edit-results}. */
  public static final String RESULTS_SINK = "results-sink";

  /** The sink node of {@code edit-audit}. */
  public static final String AUDIT_SINK = "audit-sink";

  private final ProcessorContext<Object, Object> context;
  private final KeyValueStore<String, RequestState> states;
  private final Stage stage;
  private final String component;

  /**
   * Decisions of one processor; create it in the processor's {@code init}.
   *
   * @param context the processor's context, connected to {@link RequestStates#STORE}, {@link
   *     #RESULTS_SINK} and {@link #AUDIT_SINK}
   * @param stage the stage audit events name
   */
  public Decisions(ProcessorContext<Object, Object> context, Stage stage) {
    this.context = context;
    this.states = context.getStateStore(RequestStates.STORE);
    this.stage = stage;
    this.component = context.applicationId() + "/" + context.taskId();
  }

  /**
   * Ends a request with a result made of what its state knows (caption, seed, bundle, metadata).
   *
   * @param state the request's state before the end
   * @param reason why it ends; its status is the result's
   * @param message the human explanation
   * @param now when it was decided
   */
  public void end(RequestState state, ReasonCode reason, String message, Instant now) {
    EditResult result =
        EditResult.newBuilder()
            .setRequestId(state.getRequestId())
            .setStatus(reason.status())
            .setReasonCode(reason.name())
            .setMessage(message)
            .setResolvedCaption(state.getResolvedCaption())
            .setCaptionSource(state.getCaptionSource())
            .setCaptionScore(state.getCaptionScore())
            .setMaskSource(state.getMaskSource())
            .setSeed(state.getSeed())
            .setBundleId(state.getBundleId())
            .setBundleSha256(state.getBundleSha256())
            .setMetadata(state.getMetadata())
            .setCompletedAt(now)
            .build();
    end(state, result, Map.of(), now);
  }

  /**
   * Ends a request with the given result.
   *
   * @param state the request's state before the end
   * @param result its one terminal result
   * @param details what else the audit event records (worker, attempt, ...)
   * @param now when it was decided
   */
  public void end(RequestState state, EditResult result, Map<String, String> details, Instant now) {
    String id = state.getRequestId();
    states.put(
        id,
        RequestState.newBuilder(state)
            .setPhase(RequestPhase.TERMINAL)
            .setStatus(result.getStatus())
            .setResolving(null)
            .setRequest(null)
            .setProgress(null)
            .setEndResult(result)
            .setUpdatedAt(now)
            .build());
    context.forward(
        new Record<Object, Object>(id, result, now.toEpochMilli()), Decisions.RESULTS_SINK);
    Map<String, String> audited = new TreeMap<>(details);
    audited.put("reasonCode", result.getReasonCode());
    if (result.getResultImage() != null) {
      audited.put("resultSha256", result.getResultImage().getSha256());
      audited.put("resultUri", result.getResultImage().getUri());
    }
    if (result.getMask() != null) {
      audited.put("maskSha256", result.getMask().getSha256());
      audited.put("maskUri", result.getMask().getUri());
    }
    putIfSet(audited, "maskSource", result.getMaskSource());
    putIfSet(audited, "caption", result.getResolvedCaption());
    putIfSet(audited, "captionSource", result.getCaptionSource());
    putIfSet(audited, "captionScore", result.getCaptionScore());
    result.getTimingsMs().forEach((k, v) -> audited.put("timing." + k + "Ms", Long.toString(v)));
    putIfSet(audited, "seed", result.getSeed());
    putIfSet(audited, "bundleId", result.getBundleId());
    putIfSet(audited, "bundleSha256", result.getBundleSha256());
    audit(id, result.getStatus().name(), audited, now);
  }

  /**
   * Records a decision that ends nothing (DISPATCHED, OUTCOME_DROPPED, ...).
   *
   * @param requestId the request
   * @param decision what was decided
   * @param details everything needed to replay the decision
   * @param now when it was decided
   */
  public void audit(String requestId, String decision, Map<String, String> details, Instant now) {
    AuditEvent event =
        AuditEvent.newBuilder()
            .setRequestId(requestId)
            .setStage(stage)
            .setDecision(decision)
            .setDetails(new TreeMap<>(details))
            .setComponent(component)
            .setTimestamp(now)
            .build();
    context.forward(
        new Record<Object, Object>(requestId, event, now.toEpochMilli()), Decisions.AUDIT_SINK);
  }

  /** Puts {@code value}'s text under {@code key} unless it is null. */
  static void putIfSet(Map<String, String> details, String key, Object value) {
    if (value != null) {
      details.put(key, value.toString());
    }
  }
}
