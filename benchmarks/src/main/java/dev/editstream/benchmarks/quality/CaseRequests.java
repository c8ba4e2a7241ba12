package dev.editstream.benchmarks.quality;

import dev.editstream.schemas.avro.EditRequest;
import dev.editstream.schemas.avro.MaskImage;
import dev.editstream.schemas.avro.MaskedEdit;
import dev.editstream.schemas.avro.PromptEdit;
import dev.editstream.schemas.avro.PromptEditMode;
import dev.editstream.schemas.avro.SamplerParams;
import dev.editstream.schemas.avro.WordWeight;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * ShapesEdit cases as the ordinary requests a user sends: the source as an 8-bit PNG, its caption,
 * the target prompt and the kind of edit (a re-weight's factors, a masked case's mask image), and
 * nothing else, so the bundle's editing defaults decide every setting. The in-process benchmark's
 * planner row and the parity command submit the same requests.
 */
public final class CaseRequests {
  /** The bundle the cases are written for. */
  public static final String BUNDLE = "shapes32";

  private CaseRequests() {}

  /** The request id of a case of the cases of {@code seed}: the same in every run. */
  public static String requestId(long seed, EditCase c) {
    return "shapesedit-" + seed + "-" + c.id();
  }

  /** The request for a case. */
  public static EditRequest of(long seed, EditCase c) {
    return of(requestId(seed, c), c);
  }

  /** The request for a case under another id (a run of the parity command tags its ids). */
  public static EditRequest of(String requestId, EditCase c) {
    EditRequest.Builder r =
        EditRequest.newBuilder()
            .setRequestId(requestId)
            .setImage(ByteBuffer.wrap(c.sourceImage().toPng()))
            .setSourceCaption(c.sourcePrompt())
            .setBundleName(BUNDLE)
            .setSampler(SamplerParams.newBuilder().build())
            .setMetadata(Map.of("shapesedit-case", Integer.toString(c.id()), "kind", kind(c)));
    switch (c.kind()) {
      case MASKED ->
          r.setEdit(new MaskedEdit(c.targetPrompt()))
              .setMask(new MaskImage(ByteBuffer.wrap(c.region().toPng())));
      case REWEIGHT ->
          r.setEdit(new PromptEdit(PromptEditMode.REWEIGHT, c.targetPrompt(), weights(c)));
      default -> r.setEdit(new PromptEdit(PromptEditMode.REPLACE, c.targetPrompt(), List.of()));
    }
    return r.build();
  }

  private static String kind(EditCase c) {
    return c.kind().name().toLowerCase(java.util.Locale.ROOT);
  }

  private static List<WordWeight> weights(EditCase c) {
    return c.reweight().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> new WordWeight(e.getKey(), e.getValue().floatValue()))
        .toList();
  }
}
