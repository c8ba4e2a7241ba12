package dev.editstream.benchmarks.quality;

import dev.editstream.models.world.Colour;
import dev.editstream.models.world.Renderer;
import dev.editstream.models.world.Scene;
import dev.editstream.models.world.SceneObject;
import dev.editstream.models.world.Shape;
import dev.editstream.models.world.World;
import dev.editstream.workers.engine.edit.BlendSeparation;
import dev.editstream.workers.engine.image.Mask;
import dev.editstream.workers.engine.image.RgbImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The ShapesEdit benchmark's cases, deterministic from a seed: kinds take turns (colour, shape,
 * background, re-weight, masked), each from a fresh world scene, with the ground truth rendered
 * from the edited scene; both images hold 8-bit values, as the PNG a request carries does.
 */
public final class ShapesEdit {
  private static final int N = Renderer.SIZE;

  private ShapesEdit() {}

  /** {@code count} cases of the world with this seed. */
  public static List<EditCase> cases(long seed, int count) {
    World world = new World(seed);
    List<EditCase> out = new ArrayList<>(count);
    EditKind[] kinds = EditKind.values();
    for (int k = 0; k < count; k++) {
      out.add(make(k, kinds[k % kinds.length], world.random(k)));
    }
    return out;
  }

  private static EditCase make(int id, EditKind kind, SplittableRandom rnd) {
    Scene src =
        World.sample(rnd, kind == EditKind.MASKED ? 2 : 1 + (rnd.nextDouble() < 0.3 ? 1 : 0));
    int obj = rnd.nextInt(src.objects().size());
    return switch (kind) {
      case OBJECT_COLOUR, MASKED -> {
        Colour old = src.objects().get(obj).colour();
        Colour c = otherObjectColour(rnd, src, old);
        Scene truth = src.withObjectColour(obj, c);
        // blend on the colour words: on the bundled model they outline the object far better
        // than the shape word does (IoU 0.49 against 0.22 at threshold 0.3); background swaps
        // blend on their colour words for the same reason. When the other object shares the
        // colour, the colour word outlines both: the separation picks the edited one.
        yield build(
            id,
            kind,
            src,
            truth,
            old.word(),
            c.word(),
            separation(src, obj),
            Map.of(),
            objectMask(src, obj));
      }
      case SHAPE -> {
        Shape old = src.objects().get(obj).shape();
        Shape s =
            Shape.values()[
                (old.ordinal() + 1 + rnd.nextInt(Shape.values().length - 1))
                    % Shape.values().length];
        Scene truth = src.withShape(obj, s);
        Mask region = objectMask(src, obj).union(objectMask(truth, obj));
        yield build(id, kind, src, truth, old.word(), s.word(), Optional.empty(), Map.of(), region);
      }
      case BACKGROUND -> {
        List<Colour> options =
            Colour.backgroundColours().stream()
                .filter(
                    c ->
                        c != src.background()
                            && src.objects().stream().noneMatch(o -> o.colour() == c))
                .toList();
        Scene truth = src.withBackground(options.get(rnd.nextInt(options.size())));
        yield build(
            id,
            kind,
            src,
            truth,
            src.background().word(),
            truth.background().word(),
            Optional.empty(),
            Map.of(),
            backgroundMask(src));
      }
      case REWEIGHT -> {
        String colourWord = src.objects().get(obj).colour().word();
        yield build(
            id,
            kind,
            src,
            src,
            colourWord,
            colourWord,
            Optional.empty(),
            Map.of(colourWord, 2.0),
            objectMask(src, obj));
      }
    };
  }

  /**
   * The attributes that differ between object i and the other object, as words of each: the colours
   * and shapes that differ, or the sizes when nothing else does. Empty for one object.
   */
  static Optional<BlendSeparation> separation(Scene s, int i) {
    if (s.objects().size() != 2) {
      return Optional.empty();
    }
    SceneObject me = s.objects().get(i);
    SceneObject other = s.objects().get(1 - i);
    List<String> mine = new ArrayList<>();
    List<String> theirs = new ArrayList<>();
    if (me.colour() != other.colour()) {
      mine.add(me.colour().word());
      theirs.add(other.colour().word());
    }
    if (me.shape() != other.shape()) {
      mine.add(me.shape().word());
      theirs.add(other.shape().word());
    }
    if (mine.isEmpty() && me.size() != other.size()) {
      mine.add(me.size().word());
      theirs.add(other.size().word());
    }
    return mine.isEmpty() ? Optional.empty() : Optional.of(new BlendSeparation(mine, theirs));
  }

  private static Colour otherObjectColour(SplittableRandom rnd, Scene s, Colour current) {
    List<Colour> options =
        Colour.objectColours().stream().filter(c -> c != current && c != s.background()).toList();
    return options.get(rnd.nextInt(options.size()));
  }

  /** Pixels any part of object i covers (visible coverage > 0). */
  static Mask objectMask(Scene s, int i) {
    float[] cov = Renderer.mask(s, i);
    boolean[] in = new boolean[cov.length];
    for (int p = 0; p < cov.length; p++) {
      in[p] = cov[p] > 0;
    }
    return Mask.of(N, N, in);
  }

  /** Pixels where any background shows (anti-aliased object edges included). */
  static Mask backgroundMask(Scene s) {
    float[] covered = new float[N * N];
    for (int i = 0; i < s.objects().size(); i++) {
      float[] m = Renderer.mask(s, i);
      for (int p = 0; p < m.length; p++) {
        covered[p] += m[p];
      }
    }
    boolean[] in = new boolean[N * N];
    for (int p = 0; p < in.length; p++) {
      in[p] = covered[p] < 1f - 1e-6f;
    }
    return Mask.of(N, N, in);
  }

  private static EditCase build(
      int id,
      EditKind kind,
      Scene src,
      Scene truth,
      String sourceWord,
      String targetWord,
      Optional<BlendSeparation> separation,
      Map<String, Double> reweight,
      Mask region) {
    return new EditCase(
        id,
        kind,
        src,
        truth,
        src.caption(),
        truth.caption(),
        sourceWord,
        targetWord,
        separation,
        reweight,
        region,
        // 8-bit, as a PNG holds them: a request's source is a PNG, and the benchmark starts there
        RgbImage.fromModelRange(N, N, Renderer.render(src)).quantised(),
        RgbImage.fromModelRange(N, N, Renderer.render(truth)).quantised());
  }
}
