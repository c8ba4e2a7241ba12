package dev.editstream.models.train;

import dev.editstream.editing.Tokenizer;
import dev.editstream.models.world.Attribute;
import dev.editstream.models.world.Colour;
import dev.editstream.models.world.Renderer;
import dev.editstream.models.world.Scene;
import dev.editstream.models.world.Shape;
import dev.editstream.models.world.Size;
import dev.editstream.models.world.World;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Zero-shot attribute accuracy of a text/image encoder pair: for held-out one-object scenes, the
 * caption whose embedding is closest (cosine) to the image's, among captions that differ only in
 * one attribute, must be the true one.
 */
final class ZeroShot {
  /** The encoder pair, from a training session or a loaded bundle. */
  interface Encoders {
    /** Pooled text embeddings, one row per prompt. */
    float[][] text(int[][] ids);

    /** Image embeddings for n images (n*32*32*3 floats). */
    float[][] image(float[] images, int n);
  }

  private ZeroShot() {}

  static Map<Attribute, Double> accuracy(Encoders enc, Tokenizer tok, long seed, int n) {
    Map<Attribute, Double> out = new EnumMap<>(Attribute.class);
    for (Attribute a : Attribute.values()) {
      out.put(a, accuracy(enc, tok, seed + a.ordinal(), n, a));
    }
    return out;
  }

  static double accuracy(Encoders enc, Tokenizer tok, long seed, int n, Attribute attr) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<Scene> scenes = new ArrayList<>();
    float[] images = new float[n * Batches.PIXELS];
    for (int i = 0; i < n; i++) {
      Scene s = World.sample(rnd, 1);
      scenes.add(s);
      System.arraycopy(Renderer.render(s), 0, images, i * Batches.PIXELS, Batches.PIXELS);
    }
    float[][] img = normalize(enc.image(images, n));
    Map<String, Integer> index = new LinkedHashMap<>();
    List<List<String>> candidates = new ArrayList<>();
    List<String> truth = new ArrayList<>();
    for (Scene s : scenes) {
      List<String> c = candidates(s, attr);
      c.forEach(x -> index.putIfAbsent(x, index.size()));
      candidates.add(c);
      truth.add(s.caption());
    }
    int[][] ids = index.keySet().stream().map(tok::encode).toArray(int[][]::new);
    float[][] txt = normalize(enc.text(ids));
    int correct = 0;
    for (int i = 0; i < n; i++) {
      String best = null;
      float bestScore = -Float.MAX_VALUE;
      for (String c : candidates.get(i)) {
        float score = dot(img[i], txt[index.get(c)]);
        if (score > bestScore) {
          bestScore = score;
          best = c;
        }
      }
      if (truth.get(i).equals(best)) {
        correct++;
      }
    }
    return correct / (double) n;
  }

  /**
   * Binding accuracy: for held-out two-object scenes that have a binding twin, the share whose
   * image is closer to the true caption than to the twin's (colours exchanged between the shapes).
   */
  static double binding(Encoders enc, Tokenizer tok, long seed, int n) {
    SplittableRandom rnd = new SplittableRandom(seed);
    float[] images = new float[n * Batches.PIXELS];
    int[][] ids = new int[2 * n][];
    for (int i = 0; i < n; ) {
      Scene s = World.sample(rnd, 2);
      Scene twin = s.bindingTwin().orElse(null);
      if (twin != null) {
        System.arraycopy(Renderer.render(s), 0, images, i * Batches.PIXELS, Batches.PIXELS);
        ids[2 * i] = tok.encode(s.caption());
        ids[2 * i + 1] = tok.encode(twin.caption());
        i++;
      }
    }
    float[][] img = normalize(enc.image(images, n));
    float[][] txt = normalize(enc.text(ids));
    int correct = 0;
    for (int i = 0; i < n; i++) {
      correct += dot(img[i], txt[2 * i]) > dot(img[i], txt[2 * i + 1]) ? 1 : 0;
    }
    return correct / (double) n;
  }

  /** Captions of the scene with attribute {@code a} set to each allowed value. */
  static List<String> candidates(Scene s, Attribute a) {
    List<String> out = new ArrayList<>();
    switch (a) {
      case SHAPE -> {
        for (Shape x : Shape.values()) {
          out.add(s.withShape(0, x).caption());
        }
      }
      case SIZE -> {
        for (Size x : Size.values()) {
          out.add(s.withSize(0, x).caption());
        }
      }
      case OBJECT_COLOUR -> {
        for (Colour x : Colour.objectColours()) {
          if (x != s.background()) {
            out.add(s.withObjectColour(0, x).caption());
          }
        }
      }
      case BACKGROUND -> {
        for (Colour x : Colour.backgroundColours()) {
          if (x != s.objects().get(0).colour()) {
            out.add(s.withBackground(x).caption());
          }
        }
      }
    }
    return out;
  }

  static float[][] normalize(float[][] rows) {
    for (float[] r : rows) {
      double n = 0;
      for (float v : r) {
        n += v * v;
      }
      float inv = (float) (1 / Math.sqrt(n + 1e-12));
      for (int i = 0; i < r.length; i++) {
        r[i] *= inv;
      }
    }
    return rows;
  }

  static float dot(float[] a, float[] b) {
    float s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
