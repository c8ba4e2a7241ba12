package dev.editstream.processors.intake;

import dev.editstream.editing.EditRules;
import dev.editstream.schemas.EditException;
import dev.editstream.schemas.InlineBytes;
import dev.editstream.schemas.ReasonCode;
import dev.editstream.schemas.avro.BlobRef;
import dev.editstream.schemas.avro.EditRequest;
import dev.editstream.schemas.avro.MaskBox;
import dev.editstream.schemas.avro.MaskImage;
import dev.editstream.schemas.avro.MaskPolygon;
import dev.editstream.schemas.avro.MaskWords;
import dev.editstream.schemas.avro.MaskedEdit;
import dev.editstream.schemas.avro.Point;
import dev.editstream.schemas.avro.PromptEdit;
import dev.editstream.schemas.avro.PromptEditMode;
import dev.editstream.schemas.avro.SamplerParams;
import dev.editstream.schemas.avro.SdEdit;
import dev.editstream.schemas.avro.Variation;
import dev.editstream.schemas.avro.WordWeight;
import dev.editstream.schemas.blob.BlobNotFoundException;
import dev.editstream.schemas.blob.BlobRefPolicy;
import dev.editstream.schemas.blob.BlobStore;
import dev.editstream.schemas.blob.BlobStoreException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether a request may enter the pipeline, before any work is spent on it. Plain Java: no
 * Kafka here, so it is tested on its own and reused by any front door (HTTP, batch).
 *
 * <p>Checks run cheapest first: ids and fields, bundle and deadline, prompts and parameters, the
 * edit's consistency, then the image (bytes, header dimensions, full decode) and finally the mask
 * against the image's size. The first failed check decides the reason.
 */
public final class RequestValidator {

  private final IntakeLimits limits;
  private final BlobRefPolicy blobPolicy;
  private final BlobStore blobs;
  private final Clock clock;
  private final ImageCheck images;
  private final Map<String, EditRules> rules;

  /**
   * Creates a validator.
   *
   * @param limits what to enforce
   * @param rules each deployed bundle's rule set, by bundle name: every name of {@code
   *     limits.bundles()} needs one
   * @param blobPolicy which blob references may be followed
   * @param blobs where referenced images are read from
   * @param clock the time deadlines are compared with
   */
  public RequestValidator(
      IntakeLimits limits,
      Map<String, EditRules> rules,
      BlobRefPolicy blobPolicy,
      BlobStore blobs,
      Clock clock) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.rules = Map.copyOf(rules);
    List<String> missing =
        limits.bundles().stream().filter(b -> !this.rules.containsKey(b)).sorted().toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("no rule set for deployed bundles " + missing);
    }
    this.blobPolicy = Objects.requireNonNull(blobPolicy, "blobPolicy");
    this.blobs = Objects.requireNonNull(blobs, "blobs");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.images = new ImageCheck(limits);
  }

  /**
   * Validates one request.
   *
   * @param key the record key, or null when the record had none
   * @param request the request
   * @return the reason to refuse it, or empty when it may proceed
   */
  public Optional<Rejection> validate(String key, EditRequest request) {
    try {
      checkIdentity(key, request);
      checkBundleAndDeadline(request);
      checkPrompts(request);
      checkSampler(request.getSampler());
      checkEdit(request);
      checkBundleRules(request);
      ImageHeader source =
          images.check(imageBytes(request.getImage(), ImageCheck.SOURCE), ImageCheck.SOURCE);
      checkMask(request, source);
      return Optional.empty();
    } catch (RejectedException e) {
      return Optional.of(e.rejection());
    }
  }

  private static void checkIdentity(String key, EditRequest request) throws RejectedException {
    String id = request.getRequestId();
    if (id == null || id.isBlank()) {
      throw new RejectedException(ReasonCode.MISSING_FIELD, "requestId is empty");
    }
    if (id.length() > IntakeLimits.MAX_REQUEST_ID_CHARS || id.chars().anyMatch(c -> c < 0x20)) {
      throw new RejectedException(
          ReasonCode.REQUEST_ID_INVALID,
          "requestId must be 1-"
              + IntakeLimits.MAX_REQUEST_ID_CHARS
              + " characters without control characters");
    }
    if (key != null && !key.equals(id)) {
      throw new RejectedException(
          ReasonCode.REQUEST_ID_INVALID,
          "record key '" + key + "' differs from requestId '" + id + "'");
    }
    if (request.getImage() == null || request.getEdit() == null || request.getSampler() == null) {
      throw new RejectedException(ReasonCode.MISSING_FIELD, "image, edit and sampler are required");
    }
  }

  private void checkBundleAndDeadline(EditRequest request) throws RejectedException {
    String bundle = request.getBundleName();
    if (bundle == null || bundle.isBlank()) {
      throw new RejectedException(ReasonCode.MISSING_FIELD, "bundleName is empty");
    }
    if (!limits.bundles().contains(bundle)) {
      throw new RejectedException(
          ReasonCode.UNKNOWN_BUNDLE,
          "'" + bundle + "' is not one of " + limits.bundles().stream().sorted().toList());
    }
    Instant deadline = request.getDeadline();
    Instant now = clock.instant();
    if (deadline != null && !deadline.isAfter(now)) {
      throw new RejectedException(
          ReasonCode.DEADLINE_PASSED, "deadline " + deadline + " is not after " + now);
    }
  }

  private void checkPrompts(EditRequest request) throws RejectedException {
    checkLength("sourceCaption", request.getSourceCaption());
    Optional<String> target = targetPrompt(request.getEdit());
    if (target.isPresent()) {
      if (target.get().isBlank()) {
        throw new RejectedException(ReasonCode.MISSING_FIELD, "targetPrompt is empty");
      }
      checkLength("targetPrompt", target.get());
    }
  }

  private void checkLength(String field, String text) throws RejectedException {
    if (text != null && text.length() > limits.maxPromptChars()) {
      throw new RejectedException(
          ReasonCode.PROMPT_TOO_LONG,
          field + " has " + text.length() + " characters, limit " + limits.maxPromptChars());
    }
  }

  private void checkSampler(SamplerParams sampler) throws RejectedException {
    Integer steps = sampler.getDenoisingSteps();
    if (steps != null) {
      inRange("denoisingSteps", steps, 1, limits.maxSteps());
    }
    Float guidance = sampler.getGuidance();
    if (guidance != null) {
      inRange("guidance", guidance, 0, limits.maxGuidance());
    }
    optionalFraction("crossAttentionFraction", sampler.getCrossAttentionFraction());
    optionalFraction("selfAttentionFraction", sampler.getSelfAttentionFraction());
    Float threshold = sampler.getBlendThreshold();
    if (threshold != null && !(threshold > 0 && threshold < 1)) {
      throw outOfRange("blendThreshold", threshold, "(0, 1)");
    }
    Integer inner = sampler.getNullTextInnerSteps();
    if (inner != null) {
      inRange("nullTextInnerSteps", inner, 0, IntakeLimits.MAX_NULL_TEXT_INNER_STEPS);
    }
  }

  private static void optionalFraction(String field, Float value) throws RejectedException {
    if (value != null) {
      inRange(field, value, 0, 1);
    }
  }

  private void checkEdit(EditRequest request) throws RejectedException {
    Object edit = request.getEdit();
    if (edit instanceof PromptEdit prompt) {
      checkPromptEdit(prompt);
    } else if (edit instanceof SdEdit sd) {
      float strength = sd.getStrength();
      if (!(strength > 0 && strength <= 1)) {
        throw outOfRange("strength", strength, "(0, 1]");
      }
    } else if (edit instanceof MaskedEdit && request.getMask() == null) {
      throw new RejectedException(
          ReasonCode.EDIT_MASK_MISMATCH, "a masked edit needs a mask; none was given");
    }
  }

  private static void checkPromptEdit(PromptEdit edit) throws RejectedException {
    if (edit.getMode() == PromptEditMode.REWEIGHT && edit.getReweights().isEmpty()) {
      throw new RejectedException(
          ReasonCode.EDIT_INCONSISTENT, "a REWEIGHT edit names no words to re-weight");
    }
    for (WordWeight weight : edit.getReweights()) {
      float factor = weight.getFactor();
      if (!(Math.abs(factor) <= IntakeLimits.MAX_REWEIGHT)) {
        throw outOfRange(
            "reweight factor of '" + weight.getWord() + "'",
            factor,
            "[-" + IntakeLimits.MAX_REWEIGHT + ", " + IntakeLimits.MAX_REWEIGHT + "]");
      }
    }
  }

  /** The bundle's own rules: vocabulary, token counts, word counts, strength x steps, ... */
  private void checkBundleRules(EditRequest request) throws RejectedException {
    try {
      rules.get(request.getBundleName()).check(request, request.getSourceCaption());
    } catch (EditException e) {
      throw new RejectedException(e.reason(), e.detail());
    }
  }

  private void checkMask(EditRequest request, ImageHeader source) throws RejectedException {
    Object mask = request.getMask();
    if (mask instanceof MaskWords words) {
      checkMaskWords(request, words);
    } else if (mask instanceof MaskBox box) {
      checkBox(box, source);
    } else if (mask instanceof MaskPolygon polygon) {
      checkPolygon(polygon, source);
    } else if (mask instanceof MaskImage image) {
      ImageHeader header =
          images.check(imageBytes(image.getImage(), ImageCheck.MASK), ImageCheck.MASK);
      if (header.width() != source.width() || header.height() != source.height()) {
        throw new RejectedException(
            ReasonCode.EDIT_MASK_MISMATCH,
            "mask image is "
                + header.width()
                + "x"
                + header.height()
                + ", source image is "
                + source.width()
                + "x"
                + source.height());
      }
    }
  }

  /** Whether the words occur in the caption is the bundle's rule (the caption may come later). */
  private static void checkMaskWords(EditRequest request, MaskWords mask) throws RejectedException {
    if (mask.getWords().isEmpty()) {
      throw new RejectedException(ReasonCode.EDIT_MASK_MISMATCH, "the word mask lists no words");
    }
  }

  private static void checkBox(MaskBox box, ImageHeader source) throws RejectedException {
    boolean inside =
        box.getX() >= 0
            && box.getY() >= 0
            && box.getW() > 0
            && box.getH() > 0
            && (long) box.getX() + box.getW() <= source.width()
            && (long) box.getY() + box.getH() <= source.height();
    if (!inside) {
      throw new RejectedException(
          ReasonCode.EDIT_MASK_MISMATCH,
          String.format(
              Locale.ROOT,
              "mask box x=%d y=%d w=%d h=%d is not inside the %dx%d image",
              box.getX(),
              box.getY(),
              box.getW(),
              box.getH(),
              source.width(),
              source.height()));
    }
  }

  private static void checkPolygon(MaskPolygon polygon, ImageHeader source)
      throws RejectedException {
    if (polygon.getPoints().size() < 3) {
      throw new RejectedException(
          ReasonCode.EDIT_MASK_MISMATCH, "a mask polygon needs at least three points");
    }
    for (Point p : polygon.getPoints()) {
      if (p.getX() < 0 || p.getY() < 0 || p.getX() > source.width() || p.getY() > source.height()) {
        throw new RejectedException(
            ReasonCode.EDIT_MASK_MISMATCH,
            "mask polygon point ("
                + p.getX()
                + ","
                + p.getY()
                + ") is outside the "
                + source.width()
                + "x"
                + source.height()
                + " image");
      }
    }
  }

  /** Inline bytes, or the referenced blob once the reference has passed the policy. */
  private byte[] imageBytes(Object image, String what) throws RejectedException {
    if (image instanceof ByteBuffer buffer) {
      return InlineBytes.of(buffer);
    }
    BlobRef ref = (BlobRef) image;
    Optional<BlobRefPolicy.Violation> violation = blobPolicy.check(ref);
    if (violation.isPresent()) {
      ReasonCode reason =
          switch (violation.get().kind()) {
            case FOREIGN_SCHEME, PATH_TRAVERSAL, OUTSIDE_ROOT -> ReasonCode.BLOB_REF_OUTSIDE_STORE;
            case MALFORMED_URI, BAD_SHA256, BAD_SIZE -> ReasonCode.BLOB_REF_INVALID;
          };
      throw new RejectedException(reason, what + ": " + violation.get().message());
    }
    if (ref.getSize() > limits.maxImageBytes()) {
      throw new RejectedException(
          ReasonCode.IMAGE_TOO_LARGE,
          what
              + " reference declares "
              + ref.getSize()
              + " bytes, limit "
              + limits.maxImageBytes());
    }
    try {
      return blobs.get(ref);
    } catch (BlobNotFoundException e) {
      throw new RejectedException(ReasonCode.BLOB_NOT_FOUND, what + ": " + e.getMessage());
    } catch (BlobStoreException e) {
      // The reference is well formed and inside the store, but the store could not give its bytes
      // (unreachable, or the bytes do not match their address): not the client's fault.
      throw new RejectedException(ReasonCode.BLOB_STORE_FAULT, what + ": " + e.getMessage());
    }
  }

  private static Optional<String> targetPrompt(Object edit) {
    if (edit instanceof PromptEdit prompt) {
      return Optional.ofNullable(prompt.getTargetPrompt());
    }
    if (edit instanceof SdEdit sd) {
      return Optional.ofNullable(sd.getTargetPrompt());
    }
    if (edit instanceof MaskedEdit masked) {
      return Optional.ofNullable(masked.getTargetPrompt());
    }
    assert edit instanceof Variation;
    return Optional.empty();
  }

  private static void inRange(String field, double value, double min, double max)
      throws RejectedException {
    if (!(value >= min && value <= max)) {
      throw outOfRange(field, value, "[" + fmt(min) + ", " + fmt(max) + "]");
    }
  }

  private static RejectedException outOfRange(String field, double value, String range) {
    return new RejectedException(
        ReasonCode.PARAMETER_OUT_OF_RANGE, field + " " + fmt(value) + " is not in " + range);
  }

  private static String fmt(double value) {
    return value == Math.rint(value) && !Double.isInfinite(value)
        ? Long.toString((long) value)
        : Double.toString(value);
  }
}
