package dev.editstream.processors.dispatch;

import dev.editstream.processors.resolution.ResolutionMetrics;
import dev.editstream.processors.resolution.ResolutionStage;
import dev.editstream.processors.resolution.TableView;
import dev.editstream.processors.results.Decisions;
import dev.editstream.processors.results.RequestStates;
import dev.editstream.processors.results.ResultsProcessor;
import dev.editstream.schemas.EditException;
import dev.editstream.schemas.ReasonCode;
import dev.editstream.schemas.avro.CaptionRecord;
import dev.editstream.schemas.avro.CaptionSource;
import dev.editstream.schemas.avro.EditJob;
import dev.editstream.schemas.avro.EditPlan;
import dev.editstream.schemas.avro.EditRequest;
import dev.editstream.schemas.avro.RequestPhase;
import dev.editstream.schemas.avro.RequestState;
import dev.editstream.schemas.avro.Resolution;
import dev.editstream.schemas.avro.ResolutionAction;
import dev.editstream.schemas.avro.ResolutionOutcome;
import dev.editstream.schemas.avro.Stage;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatch: takes an accepted request through the resolution stages it needs and then turns it into
 * an {@code EditJob} on {@code jobs-edit}, unless its state says otherwise. Its inputs, both keyed
 * by request id, are {@code edit-requests-accepted} and the stages' answers on {@code resolutions}.
 *
 * <ul>
 *   <li>A request cancelled before it arrived ends CANCELLED, one whose deadline has passed ends
 *       EXPIRED, one the {@link JobFactory} cannot make a step of ends REJECTED or FAILED with the
 *       factory's code; none of them gets a job. A request already seen produces nothing.
 *   <li>When the factory asks for a resolution (a caption, an inversion) whose record the {@link
 *       TableView} already holds, the record is attached at once (a hit, audited as the stage's).
 *       Otherwise the ask goes to the stage's topic and the request waits RESOLVING, its state
 *       holding the request; the results stage still ends it on cancellation or deadline (and
 *       withdraws the ask).
 *   <li>An answer for a request RESOLVING that key continues it (the factory is asked again with
 *       what is now resolved); a FAILED answer ends it with the job's reason. An answer for a
 *       request no longer waiting for it (cancelled, expired, repeated) is ignored.
 * </ul>
 *
 * <p>A dispatched request's state holds what its result will need (deadline, caption and its
 * source, seed, bundle, metadata), so the results stage ends it without the request.
 */
public final class DispatchProcessor implements Processor<String, SpecificRecord, Object, Object> {

  /** The sink node of {@code jobs-edit}. */
  public static final String JOBS_SINK = "jobs-sink";

  private static final Logger LOG = LoggerFactory.getLogger(DispatchProcessor.class);

  private final JobFactory jobs;
  private final TableView views;
  private final Function<ResolutionStage<?>, ResolutionMetrics> metrics;
  private final Map<ResolutionStage<?>, Decisions> stageDecisions = new HashMap<>();
  private ProcessorContext<Object, Object> context;
  private KeyValueStore<String, RequestState> states;
  private Decisions decisions;

  /**
   * A dispatch processor for one task.
   *
   * @param jobs decides each request's steps
   * @param views where a key's record is looked up before its stage is asked
   * @param metrics where a stage's hits from the view are counted
   */
  public DispatchProcessor(
      JobFactory jobs, TableView views, Function<ResolutionStage<?>, ResolutionMetrics> metrics) {
    this.jobs = jobs;
    this.views = views;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.states = context.getStateStore(RequestStates.STORE);
    this.decisions = new Decisions(context, Stage.DISPATCH);
    for (ResolutionStage<?> stage : ResolutionStage.all()) {
      stageDecisions.put(stage, new Decisions(context, stage.stage()));
    }
  }

  @Override
  public void process(Record<String, SpecificRecord> record) {
    Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
    if (record.value() instanceof EditRequest request) {
      onAccepted(ResultsProcessor.idOf(record.key(), request.getRequestId()), request, now);
    } else if (record.value() instanceof Resolution answer) {
      onAnswer(ResultsProcessor.idOf(record.key(), answer.getRequestId()), answer, now);
    } else {
      LOG.info("Ignoring tombstone with key {}", record.key());
    }
  }

  private void onAccepted(String id, EditRequest request, Instant now) {
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
      advance(request, before, Resolved.NOTHING, now);
    }
  }

  private void onAnswer(String id, Resolution answer, Instant now) {
    RequestState state = states.get(id);
    Optional<ResolutionStage.Pending> pending =
        state == null || state.getPhase() != RequestPhase.RESOLVING
            ? Optional.empty()
            : ResolutionStage.parsePending(state.getResolving());
    boolean awaited =
        pending.isPresent()
            && pending.get().stage().kind() == answer.getKind()
            && pending.get().key().equals(answer.getKey());
    if (!awaited) {
      LOG.info(
          "Request {}: {} {} answer ignored, the request is {}",
          id,
          answer.getKind(),
          answer.getOutcome(),
          state == null ? "unknown" : state.getPhase());
      return;
    }
    if (answer.getOutcome() != ResolutionOutcome.HIT
        && answer.getOutcome() != ResolutionOutcome.RELEASED) {
      ReasonCode reason = reasonOf(answer.getReasonCode());
      String message =
          "the " + pending.get().stage().name() + " job failed: " + answer.getMessage();
      refuse(state, reason, message, null, now);
      return;
    }
    advance(state.getRequest(), state, resolvedBy(state, answer), now);
  }

  /** The catalogue's code a worker's record named; ENGINE_FAULT for a name it does not know. */
  private static ReasonCode reasonOf(String name) {
    for (ReasonCode code : ReasonCode.values()) {
      if (code.name().equals(name)) {
        return code;
      }
    }
    return ReasonCode.ENGINE_FAULT;
  }

  /** What a state and an answer say is resolved; a caption answered earlier is in the state. */
  private static Resolved resolvedBy(RequestState state, Resolution answer) {
    Resolved resolved = Resolved.NOTHING;
    if (state.getCaptionSource() != null && state.getCaptionSource() != CaptionSource.UNKNOWN) {
      resolved =
          resolved.withCaption(
              new Resolved.Caption(
                  state.getResolvedCaption(), state.getCaptionSource(), state.getCaptionScore()));
    }
    if (answer.getCaption() != null) {
      CaptionRecord caption = answer.getCaption();
      CaptionSource source =
          answer.getOutcome() == ResolutionOutcome.HIT
              ? CaptionSource.CACHED
              : CaptionSource.CAPTIONER;
      resolved =
          resolved.withCaption(
              new Resolved.Caption(caption.getCaption(), source, caption.getScore()));
    }
    if (answer.getInversion() != null) {
      resolved = resolved.withInversion(answer.getInversion());
    }
    return resolved;
  }

  /** Asks the factory for the request's next step and takes it. */
  private void advance(EditRequest request, RequestState before, Resolved resolved, Instant now) {
    String id = before.getRequestId();
    Step step;
    try {
      step = jobs.next(request, resolved, now);
    } catch (EditException e) {
      refuse(before, e.reason(), e.getMessage(), e, now);
      return;
    } catch (RuntimeException e) {
      refuse(before, ReasonCode.ENGINE_FAULT, "no job could be made: " + e, e, now);
      return;
    }
    RequestState withCaption = withCaption(before, resolved);
    if (step instanceof Step.Resolve ask) {
      Optional<Resolution> seen = fromView(ask.stage(), id, ask.key(), now);
      if (seen.isPresent()) {
        advance(request, withCaption, resolvedBy(withCaption, seen.get()), now);
      } else {
        resolve(id, request, withCaption, ask, now);
      }
    } else if (step instanceof Step.Dispatch dispatch) {
      dispatch(id, request, withCaption, dispatch.job(), now);
    }
  }

  /**
   * A hit answered from the view of the stage's table, audited as the stage's own HIT (the lineage
   * reads it like one), or empty: the stage must be asked.
   */
  private <R extends SpecificRecord> Optional<Resolution> fromView(
      ResolutionStage<R> stage, String id, String key, Instant now) {
    Optional<R> record = views.usable(stage, key);
    if (record.isEmpty()) {
      return Optional.empty();
    }
    metrics.apply(stage).viewHit();
    LOG.info("{} {}: hit for request {} from the table view", stage.name(), key, id);
    stageDecisions
        .get(stage)
        .audit(id, stage.decisionPrefix() + "_HIT", Map.of("key", key, "via", "table view"), now);
    return Optional.of(stage.hit(id, key, record.get(), now));
  }

  private static RequestState withCaption(RequestState state, Resolved resolved) {
    if (resolved.caption().isEmpty()) {
      return state;
    }
    Resolved.Caption caption = resolved.caption().get();
    return RequestState.newBuilder(state)
        .setResolvedCaption(caption.text())
        .setCaptionSource(caption.source())
        .setCaptionScore(caption.score())
        .build();
  }

  private void resolve(
      String id, EditRequest request, RequestState before, Step.Resolve ask, Instant now) {
    ResolutionStage<?> stage = ask.stage();
    context.forward(
        new Record<Object, Object>(
            ask.key(),
            ResolutionStage.ask(id, ask.key(), ResolutionAction.RESOLVE, ask.job(), now),
            now.toEpochMilli()),
        stage.requestsSink());
    states.put(
        id,
        RequestState.newBuilder(before)
            .setPhase(RequestPhase.RESOLVING)
            .setResolving(stage.pending(ask.key()))
            .setRequest(request)
            .setUpdatedAt(now)
            .build());
    LOG.info("Request {} resolving its {} (key {})", id, stage.name(), ask.key());
    decisions.audit(id, stage.decisionPrefix() + "_ASKED", Map.of("key", ask.key()), now);
  }

  private void dispatch(
      String id, EditRequest request, RequestState before, EditJob job, Instant now) {
    context.forward(new Record<Object, Object>(id, job, now.toEpochMilli()), JOBS_SINK);
    states.put(
        id,
        RequestState.newBuilder(before)
            .setPhase(RequestPhase.DISPATCHED)
            .setResolving(null)
            .setRequest(null)
            .setResolvedCaption(job.getResolvedCaption())
            .setCaptionSource(job.getCaptionSource())
            .setCaptionScore(job.getCaptionScore())
            .setMaskSource(job.getMaskSource().name())
            .setSeed(job.getSeed())
            .setBundleId(request.getBundleName() + ":" + job.getBundleVersion())
            .setBundleSha256(job.getBundleSha256())
            .setUpdatedAt(now)
            .build());
    LOG.info(
        "Request {} dispatched (bundle {}:{}, seed {}, priority {}, inversion {})",
        id,
        request.getBundleName(),
        job.getBundleVersion(),
        job.getSeed(),
        request.getPriority(),
        job.getInversion() != null ? "cached" : job.getInversionKey() == null ? "none" : "inline");
    decisions.audit(id, "DISPATCHED", dispatchedDetails(request, job), now);
  }

  /** Ends a request no job could be made for, REJECTED or FAILED by the reason's status. */
  private void refuse(
      RequestState before, ReasonCode reason, String message, Exception e, Instant now) {
    if (reason.isUserError() || e == null) {
      LOG.info(
          "Request {} ended {} {}: {}", before.getRequestId(), reason.status(), reason, message);
    } else {
      LOG.warn("Request {} ended {} {}", before.getRequestId(), reason.status(), reason, e);
    }
    decisions.end(RequestState.newBuilder(before).setRequest(null).build(), reason, message, now);
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
