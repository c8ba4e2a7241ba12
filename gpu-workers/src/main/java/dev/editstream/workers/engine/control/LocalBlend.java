package dev.editstream.workers.engine.control;

import dev.editstream.workers.engine.image.Mask;

/**
 * Prompt-to-prompt's local blending: the region an edit may change is where the chosen words
 * attend, in the source or the target. Maps of the words' tokens are summed, 3×3 max-pooled,
 * upsampled (nearest) to the latent, normalised and thresholded; the source's and the target's
 * masks are united (or the source's alone, see {@link Footprint}). A caller that knows which words
 * tell the edited object from the others can narrow the mask to it ({@link #separated}).
 *
 * @param threshold mask threshold on the normalised map (P2P: 0.3)
 * @param start fraction of steps before blending begins (P2P: 0.2)
 * @param normalisation how maps are scaled to [0, 1] before the threshold
 * @param footprint which branch's maps outline the region (P2P: source and target)
 */
public record LocalBlend(
    double threshold, double start, Normalisation normalisation, Footprint footprint) {

  /** How a word's map is scaled to [0, 1]. */
  public enum Normalisation {
    /** Divide by the maximum, as prompt-to-prompt's code does. */
    MAX,
    /**
     * Subtract the minimum, then divide by the range. Stable Diffusion's word maps sit near zero
     * away from the object (the start token soaks up attention), so MAX alone works there; the
     * bundled shapes model spreads a floor of 40–60% of the maximum over every pixel, so MAX turns
     * every mask into the whole image while MIN_MAX still outlines the object.
     */
    MIN_MAX
  }

  /** Which branch's word maps outline the region. */
  public enum Footprint {
    /** The union of the source word's and the target word's regions, as prompt-to-prompt does. */
    SOURCE_AND_TARGET,
    /**
     * The source word's region alone, for edits that keep the object's footprint (colours,
     * emphasis). The target branch's maps follow what it is drawing: on the bundled model a new
     * colour word spreads over both objects of a two-object scene, and the union then lets the
     * other object change. Two-object colour swaps of seed 1 with the source footprint at threshold
     * 0.5: 8/20 → 9/20 alone, 13/20 with cross injection 0.2.
     */
    SOURCE
  }

  /** Prompt-to-prompt's footprint (source and target). */
  public LocalBlend(double threshold, double start, Normalisation normalisation) {
    this(threshold, start, normalisation, Footprint.SOURCE_AND_TARGET);
  }

  /** Validates the parameters. */
  public LocalBlend {
    if (!(threshold >= 0 && threshold < 1) || !(start >= 0 && start <= 1)) {
      throw new IllegalArgumentException(
          "local blend needs threshold in [0, 1) and start in [0, 1], were "
              + threshold
              + ", "
              + start);
    }
    java.util.Objects.requireNonNull(normalisation, "normalisation");
    java.util.Objects.requireNonNull(footprint, "footprint");
  }

  /** The same blend at another threshold. */
  public LocalBlend withThreshold(double t) {
    return new LocalBlend(t, start, normalisation, footprint);
  }

  /** The same blend outlining the region by {@code f}. */
  public LocalBlend withFootprint(Footprint f) {
    return new LocalBlend(threshold, start, normalisation, f);
  }

  /**
   * The papers' threshold 0.3 and start 0.2, with min-max normalisation (see {@link
   * Normalisation}).
   */
  public static LocalBlend defaults() {
    return new LocalBlend(0.3, 0.2, Normalisation.MIN_MAX);
  }

  /** Prompt-to-prompt exactly: threshold 0.3, start 0.2, normalised by the maximum. */
  public static LocalBlend promptToPrompt() {
    return new LocalBlend(0.3, 0.2, Normalisation.MAX);
  }

  /** Whether to blend after step i (0-based) of n: P2P blends once {@code i + 1 > int(start n)}. */
  public boolean activeAfter(int step, int steps) {
    return step + 1 > (int) (start * steps);
  }

  /**
   * The blending mask at latent size from accumulated maps ({@code [token][R*R]}) of the source row
   * and its word positions, and of the target row and its word positions (unused with the {@link
   * Footprint#SOURCE} footprint).
   */
  public Mask mask(
      float[][] sourceMaps,
      int[] sourceTokens,
      float[][] targetMaps,
      int[] targetTokens,
      int resolution,
      int height,
      int width) {
    Mask s = wordMask(sourceMaps, sourceTokens, resolution, height, width);
    if (footprint == Footprint.SOURCE) {
      return s;
    }
    Mask t = wordMask(targetMaps, targetTokens, resolution, height, width);
    return s.union(t);
  }

  /**
   * {@code mask} less the pixels where the other objects' words attend more than the edited
   * object's, each map normalised as this blend normalises. In a scene of two objects of one colour
   * the colour word outlines both, and only the words that differ (the shape, the size) tell them
   * apart. Their maps are too loose to outline an object alone, so they only arbitrate inside the
   * mask, pixel by pixel; the edge they draw between the objects is ragged.
   *
   * @param maps the source row's accumulated maps ({@code [token][R*R]})
   * @param objectTokens positions of the words naming the edited object
   * @param otherTokens positions of the words naming the other objects
   */
  public Mask separated(
      Mask mask, float[][] maps, int[] objectTokens, int[] otherTokens, int resolution) {
    int h = mask.height();
    int w = mask.width();
    float[] inside = mask.weights();
    float[] object =
        normalisedWordMap(maps, objectTokens, resolution, h, w, normalisation).weights();
    float[] other = normalisedWordMap(maps, otherTokens, resolution, h, w, normalisation).weights();
    boolean[] kept = new boolean[inside.length];
    for (int i = 0; i < kept.length; i++) {
      kept[i] = inside[i] > 0 && object[i] >= other[i];
    }
    return Mask.of(h, w, kept);
  }

  /** One row's mask for a word's tokens. */
  public Mask wordMask(float[][] maps, int[] tokens, int resolution, int height, int width) {
    return normalisedWordMap(maps, tokens, resolution, height, width, normalisation)
        .binary(threshold);
  }

  /** The pooled, upsampled, normalised map of a word's tokens (a soft mask). */
  public static Mask normalisedWordMap(
      float[][] maps,
      int[] tokens,
      int resolution,
      int height,
      int width,
      Normalisation normalisation) {
    int n = resolution * resolution;
    float[] sum = new float[n];
    for (int k : tokens) {
      for (int i = 0; i < n; i++) {
        sum[i] += maps[k][i];
      }
    }
    float[] pooled = maxPool3(sum, resolution);
    float max = Float.NEGATIVE_INFINITY;
    float min = Float.POSITIVE_INFINITY;
    for (float v : pooled) {
      max = Math.max(max, v);
      min = Math.min(min, v);
    }
    float floor = normalisation == Normalisation.MIN_MAX ? min : 0f;
    float range = max - floor;
    float[] norm = new float[n];
    for (int i = 0; i < n; i++) {
      norm[i] = range > 0 ? (pooled[i] - floor) / range : 0f;
    }
    return Mask.of(resolution, resolution, norm).resized(height, width);
  }

  private static float[] maxPool3(float[] m, int r) {
    float[] out = new float[m.length];
    for (int y = 0; y < r; y++) {
      for (int x = 0; x < r; x++) {
        float best = Float.NEGATIVE_INFINITY;
        for (int dy = -1; dy <= 1; dy++) {
          for (int dx = -1; dx <= 1; dx++) {
            int yy = y + dy;
            int xx = x + dx;
            if (yy >= 0 && yy < r && xx >= 0 && xx < r) {
              best = Math.max(best, m[yy * r + xx]);
            }
          }
        }
        out[y * r + x] = best;
      }
    }
    return out;
  }
}
