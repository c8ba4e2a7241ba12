package dev.editstream.models.world;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Reads colours back from a 32x32 image (HWC, [-1, 1]) by nearest palette colour: the background is
 * the majority over the border pixels; the objects are the non-background pixels inside blobs (at
 * least 3 of their 4 neighbours read as the same colour, so pixel noise does not count). Used to
 * judge generated and edited images against what the prompt or the ground truth says.
 */
public final class Oracle {
  /** A pixel farther than this (RGB distance in [0,1] units) from the background is an object. */
  private static final float OBJECT_DISTANCE = 0.25f;

  /** An object colour must cover at least this many pixels to count. */
  private static final int MIN_PIXELS = 6;

  private Oracle() {}

  /**
   * What the oracle sees in an image.
   *
   * @param background the background colour
   * @param objectColours object colours found, most pixels first, each with its pixel count
   */
  public record Reading(Colour background, List<ColourCount> objectColours) {
    /** Copies the list. */
    public Reading {
      objectColours = List.copyOf(objectColours);
    }

    /** The object colour with the most pixels, or null when none was found. */
    public Colour dominantObjectColour() {
      return objectColours.isEmpty() ? null : objectColours.get(0).colour();
    }

    /** Whether {@code c} was found among the object colours. */
    public boolean hasObjectColour(Colour c) {
      return objectColours.stream().anyMatch(cc -> cc.colour() == c);
    }
  }

  /**
   * A colour and how many pixels show it.
   *
   * @param colour the colour
   * @param pixels the pixel count
   */
  public record ColourCount(Colour colour, int pixels) {}

  /** Reads a SIZE*SIZE*3 image in [-1, 1]. */
  public static Reading read(float[] image) {
    int n = Renderer.SIZE;
    if (image.length != n * n * 3) {
      throw new IllegalArgumentException(
          "expected " + (n * n * 3) + " floats, got " + image.length);
    }
    Map<Colour, Integer> border = new EnumMap<>(Colour.class);
    for (int y = 0; y < n; y++) {
      for (int x = 0; x < n; x++) {
        if (x == 0 || y == 0 || x == n - 1 || y == n - 1) {
          border.merge(nearest(image, y * n + x, Colour.backgroundColours()), 1, Integer::sum);
        }
      }
    }
    Colour bg = border.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    List<Colour> candidates = Colour.objectColours().stream().filter(c -> c != bg).toList();
    // distances are taken from the background as drawn (median of the border), not the palette
    // value, so a generated image's tinted background does not read as object pixels
    float[] ref = borderMedian(image, n);
    Colour[] label = new Colour[n * n];
    for (int p = 0; p < n * n; p++) {
      float dr = (image[3 * p] + 1) / 2 - ref[0];
      float dg = (image[3 * p + 1] + 1) / 2 - ref[1];
      float db = (image[3 * p + 2] + 1) / 2 - ref[2];
      if (dr * dr + dg * dg + db * db > OBJECT_DISTANCE * OBJECT_DISTANCE) {
        label[p] = nearest(image, p, candidates);
      }
    }
    // a pixel counts only inside a blob: at least 3 of its 4 neighbours carry the same colour, so
    // isolated noise pixels of generated images do not outvote a small object
    Map<Colour, Integer> objects = new EnumMap<>(Colour.class);
    for (int y = 0; y < n; y++) {
      for (int x = 0; x < n; x++) {
        Colour c = label[y * n + x];
        if (c != null && agreeingNeighbours(label, n, x, y, c) >= 3) {
          objects.merge(c, 1, Integer::sum);
        }
      }
    }
    List<ColourCount> found = new ArrayList<>();
    objects.forEach(
        (c, count) -> {
          if (count >= MIN_PIXELS) {
            found.add(new ColourCount(c, count));
          }
        });
    found.sort(Comparator.comparingInt(ColourCount::pixels).reversed());
    return new Reading(bg, found);
  }

  private static float[] borderMedian(float[] image, int n) {
    float[] ref = new float[3];
    for (int c = 0; c < 3; c++) {
      List<Float> values = new ArrayList<>();
      for (int y = 0; y < n; y++) {
        for (int x = 0; x < n; x++) {
          if (x == 0 || y == 0 || x == n - 1 || y == n - 1) {
            values.add((image[3 * (y * n + x) + c] + 1) / 2);
          }
        }
      }
      values.sort(null);
      ref[c] = values.get(values.size() / 2);
    }
    return ref;
  }

  private static int agreeingNeighbours(Colour[] label, int n, int x, int y, Colour c) {
    int k = 0;
    k += x > 0 && label[y * n + x - 1] == c ? 1 : 0;
    k += x < n - 1 && label[y * n + x + 1] == c ? 1 : 0;
    k += y > 0 && label[(y - 1) * n + x] == c ? 1 : 0;
    k += y < n - 1 && label[(y + 1) * n + x] == c ? 1 : 0;
    return k;
  }

  private static Colour nearest(float[] image, int pixel, List<Colour> palette) {
    float r = (image[3 * pixel] + 1) / 2;
    float g = (image[3 * pixel + 1] + 1) / 2;
    float b = (image[3 * pixel + 2] + 1) / 2;
    Colour best = palette.get(0);
    float bestD = Float.MAX_VALUE;
    for (Colour c : palette) {
      float d = c.distanceSquared(r, g, b);
      if (d < bestD) {
        bestD = d;
        best = c;
      }
    }
    return best;
  }
}
