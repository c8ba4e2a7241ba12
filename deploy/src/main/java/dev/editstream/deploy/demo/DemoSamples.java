package dev.editstream.deploy.demo;

import dev.editstream.models.world.Colour;
import dev.editstream.models.world.Scene;
import dev.editstream.models.world.SceneObject;
import dev.editstream.models.world.Shape;
import dev.editstream.models.world.Size;
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
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The demo's requests: scenes of the bundled world at several sizes, edited in every way the
 * request schema has (replace, refine, re-weight, SDEdit, masked by a box and by words, variation),
 * and invalid requests, each broken in its own way (some only the bundle can tell). Every valid
 * request leaves its sampler settings unset, so it gets the bundle's tuned defaults, as a user
 * would.
 */
public final class DemoSamples {

  private static final Scene RED_CIRCLE =
      new Scene(
          Colour.BLUE, List.of(new SceneObject(Shape.CIRCLE, Colour.RED, Size.LARGE, 16, 16)));
  private static final Scene TWO_PINK =
      new Scene(
          Colour.WHITE,
          List.of(
              new SceneObject(Shape.CIRCLE, Colour.PINK, Size.SMALL, 9, 10),
              new SceneObject(Shape.SQUARE, Colour.PINK, Size.LARGE, 21, 21)));
  private static final Scene TRIANGLE_DIAMOND =
      new Scene(
          Colour.GRAY,
          List.of(
              new SceneObject(Shape.TRIANGLE, Colour.YELLOW, Size.SMALL, 10, 22),
              new SceneObject(Shape.DIAMOND, Colour.BLUE, Size.LARGE, 21, 11)));
  private static final Scene GREEN_SQUARE =
      new Scene(
          Colour.BLACK, List.of(new SceneObject(Shape.SQUARE, Colour.GREEN, Size.LARGE, 16, 16)));

  private DemoSamples() {}

  /**
   * Returns the samples, with request ids {@code <prefix>-01}, {@code <prefix>-02}, ...
   *
   * @param prefix makes the ids unique per run (intake forgets nothing within its retention)
   */
  public static List<Sample> all(String prefix) {
    Counter id = new Counter(prefix);
    List<Sample> out = new ArrayList<>(valid(id));
    out.addAll(invalid(id));
    return out;
  }

  private static List<Sample> valid(Counter id) {
    String red = RED_CIRCLE.caption();
    String pink = TWO_PINK.caption();
    String pair = TRIANGLE_DIAMOND.caption();
    String green = GREEN_SQUARE.caption();
    return List.of(
        edit(
            id,
            "recolour: red circle to green",
            RED_CIRCLE,
            32,
            32,
            replace(swap(red, 2, "green"))),
        edit(
            id,
            "new background: blue to white",
            RED_CIRCLE,
            32,
            32,
            replace(swap(red, 6, "white"))),
        edit(
            id, "new shape: circle to square", RED_CIRCLE, 32, 32, replace(swap(red, 3, "square"))),
        edit(
            id,
            "recolour the second of two pink objects",
            TWO_PINK,
            32,
            32,
            replace(swap(pink, 7, "green"))),
        edit(
            id,
            "recolour the diamond of two objects, 64x64",
            TRIANGLE_DIAMOND,
            64,
            64,
            replace(swap(pair, 7, "red"))),
        edit(id, "recolour at 96x64", GREEN_SQUARE, 96, 64, replace(swap(green, 2, "yellow"))),
        edit(
            id,
            "refine: add 'small' to 'a red circle'",
            RED_CIRCLE,
            32,
            32,
            new PromptEdit(
                PromptEditMode.REFINE, "a small red circle on a blue background", List.of()),
            "a red circle on a blue background"),
        edit(
            id,
            "re-weight 'red' x2",
            RED_CIRCLE,
            32,
            32,
            new PromptEdit(PromptEditMode.REWEIGHT, red, List.of(new WordWeight("red", 2f)))),
        edit(
            id,
            "SDEdit towards a yellow square, 64x64",
            RED_CIRCLE,
            64,
            64,
            new SdEdit(0.6f, "a large yellow square on a blue background")),
        withMask(
            edit(
                id,
                "masked edit inside a box, 64x64",
                GREEN_SQUARE,
                64,
                64,
                new MaskedEdit(swap(green, 2, "purple"))),
            new MaskBox(12, 12, 40, 40)),
        withMask(
            edit(
                id,
                "recolour inside the word mask 'diamond'",
                TRIANGLE_DIAMOND,
                32,
                32,
                replace(swap(pair, 7, "green"))),
            new MaskWords(List.of("diamond"))),
        edit(id, "variation of the image alone", TWO_PINK, 32, 32, new Variation()));
  }

  private static List<Sample> invalid(Counter id) {
    byte[] circle = SampleImages.scene(RED_CIRCLE, 32, 32);
    String caption = RED_CIRCLE.caption();
    return List.of(
        invalid(
            "replace changes the word count",
            "REPLACE_WORD_COUNT_MISMATCH",
            request(id.next(), circle, caption, replace("a green circle on a blue background"))),
        invalid(
            "a word the bundle does not know",
            "WORD_NOT_IN_VOCABULARY",
            request(id.next(), circle, caption, replace("a large red dog on a blue background"))),
        invalid(
            "punctuation attached to a word",
            "WORD_HAS_PUNCTUATION",
            request(
                id.next(), circle, caption, replace("a large green circle, on a blue background"))),
        invalid(
            "re-weights a word the prompt lacks",
            "EDIT_INCONSISTENT",
            request(
                id.next(),
                circle,
                caption,
                new PromptEdit(
                    PromptEditMode.REWEIGHT, caption, List.of(new WordWeight("triangle", 2f))))),
        invalid(
            "bytes that are not an image",
            "IMAGE_UNSUPPORTED_FORMAT",
            request(
                id.next(),
                "GIF89a, or rather not".getBytes(StandardCharsets.US_ASCII),
                caption,
                replace(swap(caption, 2, "green")))),
        invalid(
            "decompression bomb: 100000x100000 header",
            "IMAGE_TOO_MANY_PIXELS",
            request(
                id.next(),
                SampleImages.pngBombHeader(100_000, 100_000),
                caption,
                replace(swap(caption, 2, "green")))),
        invalid(
            "image reference outside the blob store",
            "BLOB_REF_OUTSIDE_STORE",
            request(id.next(), circle, caption, replace(swap(caption, 2, "green")))
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
            request(id.next(), circle, caption, replace(swap(caption, 2, "green")))
                .setDeadline(Instant.parse("2020-01-01T00:00:00Z"))));
  }

  private static Sample edit(
      Counter id, String description, Scene scene, int width, int height, Object edit) {
    return edit(id, description, scene, width, height, edit, scene.caption());
  }

  private static Sample edit(
      Counter id,
      String description,
      Scene scene,
      int width,
      int height,
      Object edit,
      String caption) {
    EditRequest r =
        request(id.next(), SampleImages.scene(scene, width, height), caption, edit).build();
    return new Sample(description, r, null);
  }

  private static Sample withMask(Sample s, Object mask) {
    EditRequest r = EditRequest.newBuilder(s.request()).setMask(mask).build();
    return new Sample(s.description(), r, null);
  }

  private static Sample invalid(String description, String reason, EditRequest.Builder request) {
    return new Sample(description, request.build(), reason);
  }

  /**
   * A request with nothing but the image, its caption and the edit; the bundle decides the rest.
   */
  static EditRequest.Builder request(String id, byte[] image, String caption, Object edit) {
    return EditRequest.newBuilder()
        .setRequestId(id)
        .setImage(ByteBuffer.wrap(image))
        .setSourceCaption(caption)
        .setEdit(edit)
        .setBundleName("shapes32")
        .setSampler(SamplerParams.newBuilder().build())
        .setMetadata(Map.of("source", "editstream demo"));
  }

  /** The caption with its word at {@code position} replaced. */
  private static String swap(String caption, int position, String word) {
    String[] words = caption.split(" ");
    words[position] = word;
    return String.join(" ", words);
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
