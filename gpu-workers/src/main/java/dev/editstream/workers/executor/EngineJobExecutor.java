package dev.editstream.workers.executor;

import dev.editstream.schemas.EditException;
import dev.editstream.schemas.ReasonCode;
import dev.editstream.schemas.avro.BlobRef;
import dev.editstream.schemas.avro.EditJob;
import dev.editstream.schemas.avro.EditPlan;
import dev.editstream.schemas.avro.InversionRecord;
import dev.editstream.schemas.avro.PlanMethod;
import dev.editstream.schemas.avro.QualityMetrics;
import dev.editstream.schemas.avro.Stage;
import dev.editstream.schemas.blob.BlobStore;
import dev.editstream.workers.engine.EditEngine;
import dev.editstream.workers.engine.PlannedEditResult;
import dev.editstream.workers.engine.image.Mask;
import dev.editstream.workers.engine.image.SourceImage;
import dev.editstream.workers.engine.inversion.Inversion;
import dev.editstream.workers.engine.inversion.InversionCodec;
import dev.editstream.workers.engine.metric.ClipScorer;
import dev.editstream.workers.engine.model.JobSeat;
import dev.editstream.workers.engine.progress.StepListener;
import dev.editstream.workers.engine.progress.StepPhase;
import dev.editstream.workers.runtime.JobControl;
import dev.editstream.workers.runtime.JobExecutor;
import dev.editstream.workers.runtime.JobOutput;
import java.util.Locale;
import java.util.Optional;

/**
 * Runs edit jobs on the engine: reads the source (inline or from the blob store), rasterises the
 * request's mask at the source's size, reads the inversion the job carries (a cache hit: no
 * inversion here), runs the job's plan as it is (the worker decides nothing), stores the result PNG
 * and the region it was confined to, and measures it. Between steps it reports progress and stops a
 * cancelled job. Safe for concurrent jobs: the engine is stateless across requests.
 */
public final class EngineJobExecutor implements JobExecutor {
  private final EditEngine engine;
  private final JobBlobs blobs;
  private final String bundleId;
  private final ClipScorer clip;

  /**
   * An executor over an engine and a blob store.
   *
   * @param engine the engine of the bundle this worker serves
   * @param blobs where sources are read and results written
   */
  public EngineJobExecutor(EditEngine engine, BlobStore blobs) {
    this.engine = engine;
    this.blobs = new JobBlobs(blobs);
    var m = engine.model().manifest();
    this.bundleId = m.name() + ":" + m.version();
    this.clip = new ClipScorer(engine.model());
  }

  @Override
  public JobOutput execute(EditJob job, JobControl control) {
    EditPlan plan = job.getPlan();
    if (plan == null) {
      throw new EditException(ReasonCode.POISON_JOB, "job " + job.getRequestId() + " has no plan");
    }
    if (!job.getBundleSha256().equalsIgnoreCase(engine.model().bundleSha256())) {
      throw new EditException(
          ReasonCode.BUNDLE_MISMATCH,
          "job planned for bundle "
              + job.getBundleSha256()
              + ", this worker serves "
              + bundleId
              + " ("
              + engine.model().bundleSha256()
              + ")");
    }
    SourceImage source = SourceImage.decode(blobs.read(job.getRequest().getImage()));
    Optional<Mask> mask =
        RequestMasks.rasterise(
            job.getRequest().getMask(), source.height(), source.width(), blobs::read);
    long readStart = System.nanoTime();
    Optional<Inversion> cached = cachedInversion(job);
    long readMs = (System.nanoTime() - readStart) / 1_000_000;
    control.checkCancelled();
    PlannedEditResult r;
    double jobsPerCall;
    try (JobSeat seat = engine.seat(job.getRequest().getPriority())) {
      r = engine.run(plan, source, mask, cached, relay(control));
      jobsPerCall = seat.jobsPerCall();
    }
    control.checkCancelled();
    long storeStart = System.nanoTime();
    BlobRef stored = blobs.put(r.png(), "image/png");
    BlobRef region =
        r.region().isPresent() ? blobs.put(r.region().get().toPng(), "image/png") : null;
    long storeMs = (System.nanoTime() - storeStart) / 1_000_000;
    JobOutput.Builder out =
        JobOutput.succeeded(stored)
            .mask(region)
            .caption(plan.getSourceCaption())
            .seed(plan.getSeed())
            .bundle(bundleId, engine.model().bundleSha256());
    if (cached.isPresent()) {
      out.timing("inversionRead", readMs);
    } else {
      out.timing("inversion", r.inversionMs());
    }
    return out.timing("edit", r.editMs())
        .timing("store", storeMs)
        .quality(quality(plan, source, r))
        .steps(plan.getSteps())
        .device(engine.device())
        .batchSize((int) Math.round(jobsPerCall))
        .build();
  }

  @Override
  public String callFingerprint() {
    return "device " + engine.device() + "; " + engine.callFingerprint();
  }

  /**
   * The inversion the inversion stage attached to the job, read from the blob store; empty when the
   * job carries none (the engine then inverts here). The engine checks its key against the plan's
   * and the source's.
   */
  private Optional<Inversion> cachedInversion(EditJob job) {
    InversionRecord record = job.getInversion();
    if (record == null || record.getInversion() == null) {
      return Optional.empty();
    }
    byte[] bytes = blobs.get(record.getInversion());
    try {
      return Optional.of(InversionCodec.read(bytes));
    } catch (IllegalArgumentException e) {
      throw new EditException(
          ReasonCode.BLOB_STORE_FAULT,
          "the inversion " + record.getInversionKey() + " is unreadable: " + e.getMessage(),
          e);
    }
  }

  /** Progress for every step; a cancelled job stops at its next step. */
  private static StepListener relay(JobControl control) {
    return (phase, done, total) -> {
      control.checkCancelled();
      control.progress(
          phase == StepPhase.SAMPLING ? Stage.EDIT : Stage.INVERSION,
          done,
          total,
          phase.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    };
  }

  private QualityMetrics quality(EditPlan plan, SourceImage source, PlannedEditResult r) {
    QualityMetrics.Builder q = QualityMetrics.newBuilder();
    if (plan.getMethod() != PlanMethod.VARIATION) {
      q.setClipScore(clip.score(r.bundleImage(), plan.getTargetPrompt()));
    }
    if (plan.getMethod() == PlanMethod.PROMPT_TO_PROMPT) {
      q.setDirectionalClip(
          clip.directional(
              source.resampled(r.bundleImage().height()),
              r.bundleImage(),
              plan.getSourceCaption(),
              plan.getTargetPrompt()));
    }
    return q.build();
  }
}
