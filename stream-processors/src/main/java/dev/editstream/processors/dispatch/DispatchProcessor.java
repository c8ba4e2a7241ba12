package dev.editstream.processors.dispatch;

import dev.editstream.processors.results.Decisions;
import dev.editstream.processors.results.RequestStates;
import dev.editstream.schemas.EditException;
import dev.editstream.schemas.ReasonCode;
import dev.editstream.schemas.avro.EditJob;
import dev.editstream.schemas.avro.EditPlan;
import dev.editstream.schemas.avro.EditRequest;
import dev.editstream.schemas.avro.RequestPhase;
import dev.editstream.schemas.avro.RequestState;
import dev.editstream.schemas.avro.Stage;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatch: turns an accepted request into an {@code EditJob} on {@code jobs-edit}, unless its
 * state says otherwise. A request cancelled before it arrived ends CANCELLED, one whose deadline
 * has passed ends EXPIRED, one the {@link JobFactory} cannot make a job of ends REJECTED or FAILED
 * with the factory's code; none of them gets a job. A request already dispatched or ended (intake
 * forwards each id once, but a replay may repeat it) produces nothing.
 *
 * <p>A dispatched request's state holds what its result will need (deadline, caption, seed, bundle,
 * metadata), so the results stage ends it without the request.
 */
public final class DispatchProcessor implements Processor<String, EditRequest, Object, Object> {

  /** The sink node of {@code jobs-edit}. */
  public static final String JOBS_SINK = "jobs-sink";

  private static final Logger LOG = LoggerFactory.getLogger(DispatchProcessor.class);

  private final JobFactory jobs;
  private ProcessorContext<Object, Object> context;
  private KeyValueStore<String, RequestState> states;
  private Decisions decisions;

  /**
   * A dispatch processor for one task.
   *
   * @param jobs makes each request's job
   */
  public DispatchProcessor(JobFactory jobs) {
    this.jobs = jobs;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.states = context.getStateStore(RequestStates.STORE);
    this.decisions = new Decisions(context, Stage.DISPATCH);
  }

  @Override
  public void process(Record<String, EditRequest> record) {
    EditRequest request = record.value();
    if (request == null) {
      LOG.info("Ignoring tombstone with key {}", record.key());
      return;
    }
    String id =
        record.key() != null && !record.key().isBlank() ? record.key() : request.getRequestId();
    Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
    RequestState state = states.get(id);
    boolean cancelledFirst = state != null && state.getPhase() == RequestPhase.CANCEL_BEFORE_ACCEPT;
    if (state != null && !cancelledFirst) {
      LOG.info("Request {} is already {}; accepted copy ignored", id, state.getPhase());
      return;
    }
    RequestState before = undispatched(id, request, state, now);
    if (cancelledFirst) {
      LOG.info("Request {} ended CANCELLED: the cancellation came before dispatch", id);
      decisions.end(
          before, ReasonCode.CANCELLED_BY_CLIENT, "cancelled by the client before dispatch", now);
    } else if (request.getDeadline() != null && !request.getDeadline().isAfter(now)) {
      LOG.info(
          "Request {} ended EXPIRED: deadline {} passed before dispatch",
          id,
          request.getDeadline());
      decisions.end(
          before,
          ReasonCode.DEADLINE_EXPIRED,
          "the deadline " + request.getDeadline() + " passed before dispatch",
          now);
    } else {
      dispatch(id, request, before, now);
    }
  }

  private void dispatch(String id, EditRequest request, RequestState before, Instant now) {
    EditJob job;
    try {
      job = jobs.jobFor(request, now);
    } catch (EditException e) {
      refuse(before, e.reason(), e.getMessage(), e, now);
      return;
    } catch (RuntimeException e) {
      refuse(before, ReasonCode.ENGINE_FAULT, "no job could be made: " + e, e, now);
      return;
    }
    context.forward(new Record<Object, Object>(id, job, now.toEpochMilli()), JOBS_SINK);
    states.put(
        id,
        RequestState.newBuilder(before)
            .setPhase(RequestPhase.DISPATCHED)
            .setResolvedCaption(job.getResolvedCaption())
            .setSeed(job.getSeed())
            .setBundleId(request.getBundleName() + ":" + job.getBundleVersion())
            .setBundleSha256(job.getBundleSha256())
            .build());
    LOG.info(
        "Request {} dispatched (bundle {}:{}, seed {}, priority {})",
        id,
        request.getBundleName(),
        job.getBundleVersion(),
        job.getSeed(),
        request.getPriority());
    decisions.audit(id, "DISPATCHED", dispatchedDetails(request, job), now);
  }

  /** Ends a request no job could be made for, REJECTED or FAILED by the reason's status. */
  private void refuse(
      RequestState before, ReasonCode reason, String message, Exception e, Instant now) {
    if (reason.isUserError()) {
      LOG.info(
          "Request {} ended {} {}: {}", before.getRequestId(), reason.status(), reason, message);
    } else {
      LOG.warn("Request {} ended {} {}", before.getRequestId(), reason.status(), reason, e);
    }
    decisions.end(before, reason, message, now);
  }

  /**
   * The state of a request not dispatched yet: what the request says (a job would say more), with
   * what an earlier state counted.
   */
  private static RequestState undispatched(
      String id, EditRequest request, RequestState earlier, Instant now) {
    String version = request.getBundleVersion();
    return RequestState.newBuilder()
        .setRequestId(id)
        .setPhase(RequestPhase.UNKNOWN)
        .setDeadline(request.getDeadline())
        .setResolvedCaption(request.getSourceCaption())
        .setSeed(request.getSampler() == null ? null : request.getSampler().getSeed())
        .setBundleId(
            version == null ? request.getBundleName() : request.getBundleName() + ":" + version)
        .setMetadata(request.getMetadata())
        .setAcceptedAt(now)
        .setDroppedOutcomes(earlier == null ? 0 : earlier.getDroppedOutcomes())
        .setUpdatedAt(now)
        .build();
  }

  private static Map<String, String> dispatchedDetails(EditRequest request, EditJob job) {
    Map<String, String> details = new HashMap<>();
    details.put("bundleName", request.getBundleName());
    details.put("bundleVersion", job.getBundleVersion());
    details.put("bundleSha256", job.getBundleSha256());
    details.put("seed", Long.toString(job.getSeed()));
    details.put("priority", Integer.toString(request.getPriority()));
    details.put("imageSha256", job.getImageSha256());
    details.put("caption", job.getResolvedCaption());
    details.put("captionSource", job.getCaptionSource().name());
    details.put("maskSource", job.getMaskSource().name());
    details.put("attempt", Integer.toString(job.getAttempt()));
    if (job.getInversionKey() != null) {
      details.put("inversionKey", job.getInversionKey());
    }
    if (request.getDeadline() != null) {
      details.put("deadline", request.getDeadline().toString());
    }
    EditPlan plan = job.getPlan();
    if (plan == null) {
      details.put("plan", "none (the worker plans after captioning)");
    } else {
      details.putAll(planSummary(plan));
    }
    return details;
  }

  /** The plan's settings an auditor asks about first; the job on jobs-edit holds all of them. */
  private static Map<String, String> planSummary(EditPlan plan) {
    Map<String, String> summary = new HashMap<>();
    summary.put("method", plan.getMethod().name());
    summary.put("region", plan.getRegion().name());
    summary.put("alignment", plan.getAlignment().name());
    summary.put("steps", Integer.toString(plan.getSteps()));
    summary.put("guidance", Double.toString(plan.getGuidance()));
    summary.put("targetPrompt", plan.getTargetPrompt());
    summary.put("changedWords", String.join(" ", plan.getChangedWords()));
    summary.put("crossFraction", Double.toString(plan.getCrossFraction()));
    summary.put("selfFraction", Double.toString(plan.getSelfFraction()));
    if (plan.getInversion() != null) {
      summary.put("inversion", plan.getInversion().getMethod().name());
    }
    if (plan.getBlend() != null) {
      summary.put("blendThreshold", Double.toString(plan.getBlend().getThreshold()));
    }
    summary.put("planDefaults", plan.getDefaults());
    return summary;
  }
}
