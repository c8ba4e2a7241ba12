package dev.editstream.models.world;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The world's scene distribution, deterministic from a seed: scene {@code k} of a world depends
 * only on (seed, k). Scenes hold one object (60%) or two objects that overlap little (40%).
 */
public final class World {
  private static final double TWO_OBJECTS = 0.4;
  private static final long MIX = 0x9E3779B97F4A7C15L;

  private final long seed;

  /** A world drawing its scenes from {@code seed}. */
  public World(long seed) {
    this.seed = seed;
  }

  /** Scene number {@code index} of this world. */
  public Scene scene(long index) {
    return sample(random(index));
  }

  /** A seeded random source for item {@code index} of this world (for captions, noise, ...). */
  public SplittableRandom random(long index) {
    return new SplittableRandom(seed * MIX + index * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL);
  }

  /** Draws one scene from a random source. */
  public static Scene sample(SplittableRandom rnd) {
    return sample(rnd, rnd.nextDouble() < TWO_OBJECTS ? 2 : 1);
  }

  /** Draws a scene with exactly {@code count} objects (1 or 2). */
  public static Scene sample(SplittableRandom rnd, int count) {
    List<Colour> bgs = Colour.backgroundColours();
    Colour bg = bgs.get(rnd.nextInt(bgs.size()));
    List<SceneObject> objects = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      objects.add(placeObject(rnd, bg, objects));
    }
    return new Scene(bg, objects);
  }

  private static SceneObject placeObject(
      SplittableRandom rnd, Colour bg, List<SceneObject> placed) {
    Shape shape = pick(rnd, Shape.values());
    Colour colour = pickObjectColour(rnd, bg);
    Size size = pick(rnd, Size.values());
    float r = size.radius();
    SceneObject best = null;
    float bestDistance = -1;
    // rejection sampling: keep the candidate farthest from the placed objects (overlap stays small)
    for (int attempt = 0; attempt < 20; attempt++) {
      float cx = (float) (r + 0.5 + rnd.nextDouble() * (Renderer.SIZE - 2 * r - 1));
      float cy = (float) (r + 0.5 + rnd.nextDouble() * (Renderer.SIZE - 2 * r - 1));
      SceneObject candidate = new SceneObject(shape, colour, size, cx, cy);
      float slack = Float.MAX_VALUE;
      for (SceneObject o : placed) {
        float d = (float) Math.hypot(o.centreX() - cx, o.centreY() - cy);
        slack = Math.min(slack, d - 0.9f * (o.size().radius() + r));
      }
      if (slack >= 0) {
        return candidate;
      }
      if (best == null || slack > bestDistance) {
        best = candidate;
        bestDistance = slack;
      }
    }
    return best;
  }

  /** A uniformly chosen object colour different from {@code bg}. */
  public static Colour pickObjectColour(SplittableRandom rnd, Colour bg) {
    List<Colour> options = Colour.objectColours().stream().filter(c -> c != bg).toList();
    return options.get(rnd.nextInt(options.size()));
  }

  private static <T> T pick(SplittableRandom rnd, T[] values) {
    return values[rnd.nextInt(values.length)];
  }

  /**
   * Every word the caption grammar can produce, in a fixed order: grammar words, sizes, colours,
   * shapes.
   */
  public static List<String> vocabulary() {
    List<String> words = new ArrayList<>(List.of("a", "and", "on", "background"));
    for (Size s : Size.values()) {
      words.add(s.word());
    }
    for (Colour c : Colour.values()) {
      words.add(c.word());
    }
    for (Shape s : Shape.values()) {
      words.add(s.word());
    }
    return List.copyOf(words);
  }
}
