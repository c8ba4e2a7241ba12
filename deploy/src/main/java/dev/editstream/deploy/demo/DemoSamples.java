package dev.editstream.deploy.demo;

import dev.editstream.schemas.avro.BlobRef;
import dev.editstream.schemas.avro.EditRequest;
import dev.editstream.schemas.avro.MaskBox;
import dev.editstream.schemas.avro.MaskWords;
import dev.editstream.schemas.avro.MaskedEdit;
import dev.editstream.schemas.avro.PromptEdit;
import dev.editstream.schemas.avro.PromptEditMode;
import dev.editstream.schemas.avro.SamplerParams;
import dev.editstream.schemas.avro.SdEdit;
import dev.editstream.schemas.avro.Variation;
import dev.editstream.schemas.avro.WordWeight;
import java.awt.Color;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** The demo's requests: valid edits of every kind, and invalid ones, each broken in its own way. */
public final class DemoSamples {

  private static final String CAPTION = "a red circle on a blue background";

  private DemoSamples() {}

  /**
   * Returns the samples, with request ids {@code <prefix>-01}, {@code <prefix>-02}, ...
   *
   * @param prefix makes the ids unique per run (intake forgets nothing within its retention)
   */
  public static List<Sample> all(String prefix) {
    byte[] circle = SampleImages.png("circle", Color.RED, Color.BLUE);
    byte[] square = SampleImages.jpeg("square", Color.YELLOW, Color.GREEN);
    Counter id = new Counter(prefix);
    return List.of(
        valid(
            id, "replace 'red' by 'green'", circle, replace("a green circle on a blue background")),
        valid(
            id,
            "re-weight 'red' x2",
            circle,
            new PromptEdit(PromptEditMode.REWEIGHT, CAPTION, List.of(new WordWeight("red", 2f)))),
        new Sample(
            "SDEdit towards a yellow square (JPEG)",
            request(id.next(), square, new SdEdit(0.6f, "a yellow square on a green background"))
                .setSourceCaption("a yellow square on a green background")
                .build(),
            null),
        new Sample(
            "masked edit inside a box",
            request(id.next(), circle, new MaskedEdit("a red square on a blue background"))
                .setMask(new MaskBox(8, 8, 16, 16))
                .build(),
            null),
        new Sample(
            "variation, mask from the word 'circle'",
            request(id.next(), circle, new Variation())
                .setMask(new MaskWords(List.of("circle")))
                .build(),
            null),
        invalid(
            "bytes that are not an image",
            "IMAGE_UNSUPPORTED_FORMAT",
            request(
                id.next(),
                "GIF89a, or rather not".getBytes(StandardCharsets.US_ASCII),
                replace("a green circle"))),
        invalid(
            "decompression bomb: 100000x100000 header",
            "IMAGE_TOO_MANY_PIXELS",
            request(
                id.next(),
                SampleImages.pngBombHeader(100_000, 100_000),
                replace("a green circle"))),
        invalid(
            "re-weights a word the prompt lacks",
            "EDIT_INCONSISTENT",
            request(
                id.next(),
                circle,
                new PromptEdit(
                    PromptEditMode.REWEIGHT, CAPTION, List.of(new WordWeight("triangle", 2f))))),
        invalid(
            "image reference outside the blob store",
            "BLOB_REF_OUTSIDE_STORE",
            request(id.next(), circle, replace("a green circle"))
                .setImage(
                    BlobRef.newBuilder()
                        .setUri("file:///etc/passwd")
                        .setSha256("0".repeat(64))
                        .setSize(100)
                        .setMediaType("image/png")
                        .build())),
        invalid(
            "deadline already passed",
            "DEADLINE_PASSED",
            request(id.next(), circle, replace("a green circle"))
                .setDeadline(Instant.parse("2020-01-01T00:00:00Z"))),
        invalid(
            "unknown model bundle",
            "UNKNOWN_BUNDLE",
            request(id.next(), circle, replace("a green circle")).setBundleName("sd-xl")),
        invalid(
            "zero sampler steps",
            "PARAMETER_OUT_OF_RANGE",
            request(id.next(), circle, replace("a green circle"))
                .setSampler(SamplerParams.newBuilder().setSteps(0).build())));
  }

  private static Sample valid(Counter id, String description, byte[] image, Object edit) {
    return new Sample(description, request(id.next(), image, edit).build(), null);
  }

  private static Sample invalid(String description, String reason, EditRequest.Builder request) {
    return new Sample(description, request.build(), reason);
  }

  /** A request of the bundled world with the standard caption; the caller adjusts the rest. */
  static EditRequest.Builder request(String id, byte[] image, Object edit) {
    return EditRequest.newBuilder()
        .setRequestId(id)
        .setImage(ByteBuffer.wrap(image))
        .setSourceCaption(CAPTION)
        .setEdit(edit)
        .setBundleName("shapes32")
        .setSampler(SamplerParams.newBuilder().setSeed(7L).build())
        .setMetadata(java.util.Map.of("source", "editstream demo"));
  }

  private static PromptEdit replace(String target) {
    return new PromptEdit(PromptEditMode.REPLACE, target, List.of());
  }

  /** Numbers the request ids in the order the samples are listed. */
  private static final class Counter {
    private final String prefix;
    private int n;

    Counter(String prefix) {
      this.prefix = prefix;
    }

    String next() {
      return String.format("%s-%02d", prefix, ++n);
    }
  }
}
