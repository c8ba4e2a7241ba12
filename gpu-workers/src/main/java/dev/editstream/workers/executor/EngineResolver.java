package dev.editstream.workers.executor;

import dev.editstream.schemas.EditException;
import dev.editstream.schemas.ReasonCode;
import dev.editstream.schemas.avro.BlobRef;
import dev.editstream.schemas.avro.CaptionJob;
import dev.editstream.schemas.avro.CaptionRecord;
import dev.editstream.schemas.avro.CaptionSource;
import dev.editstream.schemas.avro.CaptionStatus;
import dev.editstream.schemas.avro.InversionJob;
import dev.editstream.schemas.avro.InversionRecord;
import dev.editstream.schemas.avro.InversionStatus;
import dev.editstream.schemas.blob.BlobStore;
import dev.editstream.workers.engine.EditEngine;
import dev.editstream.workers.engine.image.SourceImage;
import dev.editstream.workers.engine.inversion.Inversion;
import dev.editstream.workers.engine.inversion.InversionCodec;
import dev.editstream.workers.engine.ipc.ZeroShotCaptioner;
import dev.editstream.workers.engine.model.JobSeat;
import dev.editstream.workers.engine.progress.StepListener;
import dev.editstream.workers.runtime.Resolver;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * Resolves the resolution stages' jobs on the engines of the served bundles (by the job's bundle
 * sha256): an inversion of the job's image for the job's plan, stored in compact form ({@link
 * InversionCodec}); or the bundle's zero-shot caption of the image with its SD-IPC score.
 */
public final class EngineResolver implements Resolver {
  private final Map<String, EditEngine> bySha256;
  private final JobBlobs blobs;
  private final String workerId;
  private final Clock clock = Clock.systemUTC();

  /**
   * A resolver.
   *
   * @param bySha256 the engine of each served bundle, by the sha256 of its variables
   * @param blobs where images are read and inversions written
   * @param workerId what the records name as their maker
   */
  public EngineResolver(Map<String, EditEngine> bySha256, BlobStore blobs, String workerId) {
    this.bySha256 = Map.copyOf(bySha256);
    this.blobs = new JobBlobs(blobs);
    this.workerId = workerId;
  }

  @Override
  public InversionRecord invert(InversionJob job) {
    EditEngine engine = engine(job.getBundleSha256());
    if (job.getPlan() == null) {
      throw new EditException(
          ReasonCode.POISON_JOB, "inversion job " + job.getInversionKey() + " has no plan");
    }
    SourceImage source = SourceImage.decode(blobs.read(job.getImage()));
    long start = System.nanoTime();
    Inversion inversion;
    try (JobSeat seat = engine.seat(0)) {
      inversion = engine.invert(job.getPlan(), source, StepListener.none());
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    if (!inversion.key().hex().equals(job.getInversionKey())) {
      throw new EditException(
          ReasonCode.POISON_JOB,
          "the engine keys this inversion "
              + inversion.key()
              + ", the stream processors asked for "
              + job.getInversionKey()
              + ": the two disagree about the contract's key");
    }
    BlobRef stored = blobs.put(InversionCodec.write(inversion), InversionCodec.MEDIA_TYPE);
    return InversionRecord.newBuilder()
        .setInversionKey(job.getInversionKey())
        .setStatus(InversionStatus.READY)
        .setImageSha256(job.getImageSha256())
        .setImageHash(job.getImageHash())
        .setCaption(job.getCaption())
        .setBundleName(job.getBundleName())
        .setBundleVersion(job.getBundleVersion())
        .setBundleSha256(job.getBundleSha256())
        .setMethod(job.getMethod())
        .setSteps(job.getSteps())
        .setGuidanceScale(job.getGuidanceScale())
        .setInversion(stored)
        .setDurationMs(ms)
        .setComputedAt(Instant.now(clock))
        .setWorkerId(workerId)
        .build();
  }

  @Override
  public CaptionRecord caption(CaptionJob job) {
    EditEngine engine = engine(job.getBundleSha256());
    SourceImage source = SourceImage.decode(blobs.read(job.getImage()));
    if (!source.imageHash().equals(job.getImageHash())) {
      throw new EditException(
          ReasonCode.POISON_JOB,
          "the image hashes to " + source.imageHash() + ", the job names " + job.getImageHash());
    }
    ZeroShotCaptioner.Match match = engine.caption(source);
    var m = engine.model().manifest();
    return CaptionRecord.newBuilder()
        .setImageSha256(job.getImageHash())
        .setCaption(match.caption())
        .setSource(CaptionSource.CAPTIONER)
        .setStatus(CaptionStatus.READY)
        .setBundleId(m.name() + ":" + m.version())
        .setScore(match.score())
        .setCreatedAt(Instant.now(clock))
        .setWorkerId(workerId)
        .build();
  }

  private EditEngine engine(String bundleSha256) {
    EditEngine engine = bySha256.get(bundleSha256.toLowerCase(Locale.ROOT));
    if (engine == null) {
      throw new EditException(
          ReasonCode.BUNDLE_MISMATCH,
          "the job is for bundle " + bundleSha256 + "; this worker serves " + bySha256.keySet());
    }
    return engine;
  }
}
