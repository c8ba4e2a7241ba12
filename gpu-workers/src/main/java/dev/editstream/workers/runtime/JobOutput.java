package dev.editstream.workers.runtime;

import dev.editstream.schemas.ReasonCode;
import dev.editstream.schemas.avro.BlobRef;
import dev.editstream.schemas.avro.QualityMetrics;
import dev.editstream.schemas.avro.ResultStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What an executor made of a job: the fields of the {@code WorkerOutcome} the executor decides and
 * those of the {@code EditMetrics} it measured. The worker adds the rest (request id, attempt,
 * worker id, queue time, timestamps). Build one with {@link #succeeded} or {@link #rejected}.
 *
 * <pre>{@code
 * return JobOutput.succeeded(resultRef)
 *     .caption(caption).seed(seed).bundle("shapes32:2", sha256)
 *     .timing("inversion", 812).timing("edit", 2310).quality(metrics)
 *     .editKind("PromptEdit:REPLACE").steps(20).device("CPU")
 *     .build();
 * }</pre>
 *
 * @param reason {@code OK} (SUCCEEDED) or a user-error code (REJECTED); faults are thrown instead
 * @param message human explanation
 * @param resultImage the edited image (PNG at the source's size); required when SUCCEEDED
 * @param mask the region the edit was confined to (PNG at the source's size: a box, polygon or mask
 *     image rasterised, a mask from words, or local blending's), or null for the whole image
 * @param caption the source caption the edit used, or null for the job's
 * @param seed the seed used, or null for the job's
 * @param bundleId {@code name:version} of the bundle used, or null for the job's
 * @param bundleSha256 sha256 of the bundle's variables, or null for the job's
 * @param timingsMs milliseconds per stage of the compute (inversion, edit, store, ...)
 * @param quality quality metrics of the result, or null
 * @param editKind the edit's kind for metrics, e.g. {@code PromptEdit:REPLACE}; null to derive it
 *     from the request
 * @param steps sampler steps run
 * @param device CPU or GPU id the edit ran on, or null
 * @param batchSize the batch the edit ran in (1 = alone)
 */
public record JobOutput(
    ReasonCode reason,
    String message,
    BlobRef resultImage,
    BlobRef mask,
    String caption,
    Long seed,
    String bundleId,
    String bundleSha256,
    Map<String, Long> timingsMs,
    QualityMetrics quality,
    String editKind,
    int steps,
    String device,
    int batchSize) {

  /** Validates: the reason is OK or a user error, a success has its image, counts are sane. */
  public JobOutput {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
    if (reason != ReasonCode.OK && !reason.isUserError()) {
      throw new IllegalArgumentException(
          "an output is SUCCEEDED (OK) or REJECTED (a user error); throw faults: " + reason);
    }
    if (reason == ReasonCode.OK && resultImage == null) {
      throw new IllegalArgumentException("a SUCCEEDED output needs its result image");
    }
    timingsMs = timingsMs == null ? Map.of() : Map.copyOf(timingsMs);
    if (steps < 0 || batchSize < 1) {
      throw new IllegalArgumentException(
          "steps >= 0 and batchSize >= 1: " + steps + ", " + batchSize);
    }
  }

  /** SUCCEEDED for {@code OK}, REJECTED for a user error. */
  public ResultStatus status() {
    return reason.status();
  }

  /**
   * A successful edit.
   *
   * @param resultImage the stored result image
   */
  public static Builder succeeded(BlobRef resultImage) {
    return new Builder(ReasonCode.OK, ReasonCode.OK.message())
        .resultImage(Objects.requireNonNull(resultImage, "resultImage"));
  }

  /**
   * A user error only the executor could tell; the job ends REJECTED and is not retried.
   *
   * @param reason a user-error code
   * @param message what exactly is wrong
   */
  public static Builder rejected(ReasonCode reason, String message) {
    return new Builder(reason, message);
  }

  /** Collects an output's optional fields; {@link #build()} validates. */
  public static final class Builder {
    private final ReasonCode reason;
    private String message;
    private BlobRef resultImage;
    private BlobRef mask;
    private String caption;
    private Long seed;
    private String bundleId;
    private String bundleSha256;
    private final Map<String, Long> timingsMs = new LinkedHashMap<>();
    private QualityMetrics quality;
    private String editKind;
    private int steps;
    private String device;
    private int batchSize = 1;

    private Builder(ReasonCode reason, String message) {
      this.reason = reason;
      this.message = message;
    }

    private Builder resultImage(BlobRef image) {
      this.resultImage = image;
      return this;
    }

    /** The human explanation (default: the reason code's). */
    public Builder message(String message) {
      this.message = message;
      return this;
    }

    /** The region the edit was confined to, stored as a PNG. */
    public Builder mask(BlobRef mask) {
      this.mask = mask;
      return this;
    }

    /** The source caption the edit used. */
    public Builder caption(String caption) {
      this.caption = caption;
      return this;
    }

    /** The seed used. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * The bundle used.
     *
     * @param id {@code name:version}
     * @param sha256 sha256 of its variables
     */
    public Builder bundle(String id, String sha256) {
      this.bundleId = id;
      this.bundleSha256 = sha256;
      return this;
    }

    /** Milliseconds one stage of the compute took. */
    public Builder timing(String stage, long millis) {
      timingsMs.put(stage, millis);
      return this;
    }

    /** Quality metrics of the result. */
    public Builder quality(QualityMetrics quality) {
      this.quality = quality;
      return this;
    }

    /** The edit's kind for metrics, e.g. {@code SdEdit}. */
    public Builder editKind(String editKind) {
      this.editKind = editKind;
      return this;
    }

    /** Sampler steps run. */
    public Builder steps(int steps) {
      this.steps = steps;
      return this;
    }

    /** The device the edit ran on. */
    public Builder device(String device) {
      this.device = device;
      return this;
    }

    /** The batch the edit ran in. */
    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /** The output; throws {@link IllegalArgumentException} when it is inconsistent. */
    public JobOutput build() {
      return new JobOutput(
          reason,
          message,
          resultImage,
          mask,
          caption,
          seed,
          bundleId,
          bundleSha256,
          timingsMs,
          quality,
          editKind,
          steps,
          device,
          batchSize);
    }
  }
}
