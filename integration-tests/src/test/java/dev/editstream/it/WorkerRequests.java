package dev.editstream.it;

import dev.editstream.deploy.demo.DemoSamples;
import dev.editstream.deploy.demo.Sample;
import dev.editstream.deploy.demo.SampleImages;
import dev.editstream.models.world.Colour;
import dev.editstream.models.world.Scene;
import dev.editstream.models.world.SceneObject;
import dev.editstream.models.world.Shape;
import dev.editstream.models.world.Size;
import dev.editstream.schemas.avro.EditRequest;
import dev.editstream.schemas.avro.InversionMethod;
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
import dev.editstream.workers.engine.image.Mask;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The worker tests' requests: the demo's edits of every kind plus more of each kind at other source
 * sizes (32x32, 64x64, 96x64), with a mask image, a polygon and explicit sampler settings; requests
 * only the bundle can tell are invalid; long edits to cancel; short ones to expire. Every edit runs
 * few steps ({@link #small}), so the tests stay quick.
 */
final class WorkerRequests {

  /** An invalid request and the reason code it must be rejected with. */
  record Invalid(String way, EditRequest request, String reason) {}

  /** The demo's invalid samples only the bundle (its tokenizer and rules) can tell. */
  private static final Set<String> BUNDLE_ONLY_DEMO_REASONS =
      Set.of(
          "REPLACE_WORD_COUNT_MISMATCH",
          "WORD_NOT_IN_VOCABULARY",
          "WORD_HAS_PUNCTUATION",
          "EDIT_INCONSISTENT");

  static final Scene RED_CIRCLE =
      new Scene(
          Colour.BLUE, List.of(new SceneObject(Shape.CIRCLE, Colour.RED, Size.LARGE, 16, 16)));
  static final Scene YELLOW_TRIANGLE =
      new Scene(
          Colour.GREEN,
          List.of(new SceneObject(Shape.TRIANGLE, Colour.YELLOW, Size.LARGE, 16, 16)));
  static final Scene PURPLE_DIAMOND =
      new Scene(
          Colour.WHITE, List.of(new SceneObject(Shape.DIAMOND, Colour.PURPLE, Size.LARGE, 16, 16)));
  static final Scene TWO_OBJECTS =
      new Scene(
          Colour.BLACK,
          List.of(
              new SceneObject(Shape.CIRCLE, Colour.RED, Size.SMALL, 9, 10),
              new SceneObject(Shape.SQUARE, Colour.BLUE, Size.LARGE, 21, 21)));

  private final String prefix;

  /**
   * Requests with ids starting {@code <prefix>-}.
   *
   * @param prefix unique per stack (intake drops a resubmitted id)
   */
  WorkerRequests(String prefix) {
    this.prefix = prefix;
  }

  /** Few steps: 4 DDIM steps, 2 null-text iterations per step; everything else the bundle's. */
  static SamplerParams small() {
    return steps(4);
  }

  /** {@code steps} DDIM steps and 2 null-text iterations per step. */
  static SamplerParams steps(int steps) {
    return SamplerParams.newBuilder().setDenoisingSteps(steps).setNullTextInnerSteps(2).build();
  }

  /**
   * Valid edits: the demo's twelve (every kind of edit) and sixteen more of the same kinds at other
   * sizes, each with the given sampler settings.
   */
  List<EditRequest> valid(SamplerParams sampler) {
    List<EditRequest> out = new ArrayList<>();
    for (Sample s : DemoSamples.all(prefix)) {
      if (s.valid()) {
        out.add(EditRequest.newBuilder(s.request()).setSampler(sampler).build());
      }
    }
    out.addAll(more(sampler));
    return out;
  }

  /** Sixteen edits of every kind beyond the demo's, at 32x32, 64x64 and 96x64. */
  List<EditRequest> more(SamplerParams sampler) {
    Counter id = new Counter(prefix + "-x");
    String triangle = YELLOW_TRIANGLE.caption();
    String diamond = PURPLE_DIAMOND.caption();
    String two = TWO_OBJECTS.caption();
    String circle = RED_CIRCLE.caption();
    return List.of(
        edit(id, RED_CIRCLE, 32, 32, replace(swap(circle, 2, "green")), sampler)
            .setMask(new MaskImage(ByteBuffer.wrap(maskImage(32, 32, 0, 0, 16, 32))))
            .build(),
        edit(id, YELLOW_TRIANGLE, 96, 64, new MaskedEdit(swap(triangle, 2, "purple")), sampler)
            .setMask(new MaskImage(ByteBuffer.wrap(maskImage(96, 64, 24, 16, 48, 32))))
            .build(),
        edit(id, PURPLE_DIAMOND, 64, 64, new MaskedEdit(swap(diamond, 2, "yellow")), sampler)
            .setMask(
                new MaskPolygon(List.of(new Point(32, 4), new Point(60, 60), new Point(4, 60))))
            .build(),
        edit(id, YELLOW_TRIANGLE, 96, 64, replace(swap(triangle, 2, "red")), sampler).build(),
        edit(id, YELLOW_TRIANGLE, 64, 64, replace(swap(triangle, 6, "black")), sampler).build(),
        edit(id, PURPLE_DIAMOND, 96, 64, replace(swap(diamond, 3, "circle")), sampler).build(),
        edit(
                id,
                PURPLE_DIAMOND,
                64,
                64,
                new PromptEdit(
                    PromptEditMode.REFINE,
                    "a small purple diamond on a white background",
                    List.of()),
                sampler)
            .setSourceCaption("a purple diamond on a white background")
            .build(),
        edit(
                id,
                YELLOW_TRIANGLE,
                96,
                64,
                new PromptEdit(
                    PromptEditMode.REWEIGHT, triangle, List.of(new WordWeight("yellow", 3f))),
                sampler)
            .build(),
        edit(
                id,
                PURPLE_DIAMOND,
                32,
                32,
                new SdEdit(1.0f, "a large blue square on a white background"),
                sampler)
            .build(),
        edit(id, TWO_OBJECTS, 96, 64, new SdEdit(0.5f, swap(two, 2, "green")), sampler).build(),
        edit(id, TWO_OBJECTS, 32, 32, replace(swap(two, 2, "green")), sampler)
            .setMask(new MaskBox(2, 2, 14, 14))
            .build(),
        edit(id, TWO_OBJECTS, 64, 64, replace(swap(two, 7, "yellow")), sampler)
            .setMask(new MaskWords(List.of("square")))
            .build(),
        edit(id, YELLOW_TRIANGLE, 64, 64, new Variation(), sampler).build(),
        edit(id, RED_CIRCLE, 96, 64, new Variation(), sampler).build(),
        edit(id, TWO_OBJECTS, 96, 64, replace(swap(two, 2, "yellow")), sampler).build(),
        // every sampler setting explicit
        edit(
                id,
                RED_CIRCLE,
                32,
                32,
                replace(swap(circle, 2, "yellow")),
                SamplerParams.newBuilder(sampler)
                    .setSeed(7L)
                    .setGuidance(5f)
                    .setCrossAttentionFraction(0.5f)
                    .setSelfAttentionFraction(0.5f)
                    .setLocalBlend(true)
                    .setBlendThreshold(0.4f)
                    .setInversion(InversionMethod.DDIM)
                    .build())
            .build());
  }

  /** Eight requests only the bundle can tell are invalid: its vocabulary, context and rules. */
  List<Invalid> invalid() {
    List<Invalid> out = new ArrayList<>();
    for (Sample s : DemoSamples.all(prefix)) {
      if (!s.valid() && BUNDLE_ONLY_DEMO_REASONS.contains(s.expectedReason())) {
        EditRequest r = EditRequest.newBuilder(s.request()).setSampler(small()).build();
        out.add(new Invalid(s.description(), r, s.expectedReason()));
      }
    }
    Counter id = new Counter(prefix + "-bad");
    String circle = RED_CIRCLE.caption();
    out.add(
        new Invalid(
            "target prompt longer than the bundle's context",
            edit(
                    id,
                    RED_CIRCLE,
                    32,
                    32,
                    new PromptEdit(
                        PromptEditMode.REFINE,
                        "a large red circle and a small green square and a small blue triangle"
                            + " on a white background",
                        List.of()),
                    small())
                .build(),
            "PROMPT_TOO_MANY_TOKENS"));
    out.add(
        new Invalid(
            "SDEdit strength below one of the 4 steps",
            edit(id, RED_CIRCLE, 64, 64, new SdEdit(0.2f, swap(circle, 2, "green")), small())
                .build(),
            "STRENGTH_TOO_LOW_FOR_STEPS"));
    out.add(
        new Invalid(
            "mask word the caption lacks",
            edit(id, RED_CIRCLE, 32, 32, replace(swap(circle, 2, "green")), small())
                .setMask(new MaskWords(List.of("square")))
                .build(),
            "MASK_WORD_NOT_IN_CAPTION"));
    out.add(
        new Invalid(
            "caption word the bundle does not know",
            edit(id, RED_CIRCLE, 32, 32, replace(swap(circle, 2, "green")), small())
                .setSourceCaption("a large red ball on a blue background")
                .setEdit(replace("a large green ball on a blue background"))
                .build(),
            "WORD_NOT_IN_VOCABULARY"));
    return out;
  }

  /** A prompt edit of many steps (seconds of work): one to cancel while it runs. */
  EditRequest longRunning(int n) {
    Scene scene = n % 2 == 0 ? RED_CIRCLE : TWO_OBJECTS;
    int side = n % 2 == 0 ? 64 : 32;
    return edit(
            new Counter(prefix + "-long" + n),
            scene,
            side,
            side,
            replace(swap(scene.caption(), 2, "yellow")),
            steps(200))
        .build();
  }

  /**
   * A small edit with a deadline: one to expire while it waits. An SDEdit, so that it needs no
   * inversion and is dispatched at once, whatever the inversion workers are doing.
   */
  EditRequest expiring(int n, Instant deadline) {
    return edit(
            new Counter(prefix + "-expiring" + n),
            RED_CIRCLE,
            32,
            32,
            new SdEdit(0.5f, swap(RED_CIRCLE.caption(), 6, "white")),
            small())
        .setDeadline(deadline)
        .build();
  }

  private static EditRequest.Builder edit(
      Counter id, Scene scene, int width, int height, Object edit, SamplerParams sampler) {
    return EditRequest.newBuilder()
        .setRequestId(id.next())
        .setImage(ByteBuffer.wrap(SampleImages.scene(scene, width, height)))
        .setSourceCaption(scene.caption())
        .setEdit(edit)
        .setBundleName("shapes32")
        .setSampler(sampler)
        .setMetadata(Map.of("source", "worker integration test"));
  }

  /** A single-channel PNG mask: white (edit) inside the rectangle, black elsewhere. */
  static byte[] maskImage(int width, int height, int x, int y, int w, int h) {
    boolean[] inside = new boolean[width * height];
    for (int row = y; row < y + h; row++) {
      for (int col = x; col < x + w; col++) {
        inside[row * width + col] = true;
      }
    }
    return Mask.of(height, width, inside).toPng();
  }

  private static PromptEdit replace(String target) {
    return new PromptEdit(PromptEditMode.REPLACE, target, List.of());
  }

  /** The caption with its word at {@code position} replaced. */
  private static String swap(String caption, int position, String word) {
    String[] words = caption.split(" ");
    words[position] = word;
    return String.join(" ", words);
  }

  /** Numbers request ids in the order they are made. */
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
