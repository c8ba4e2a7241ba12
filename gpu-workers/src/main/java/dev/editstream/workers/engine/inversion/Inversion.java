package dev.editstream.workers.engine.inversion;

import dev.editstream.schemas.keys.InversionKey;
import java.util.Arrays;
import java.util.Objects;

/**
 * An inverted image, immutable: what an edit starts from.
 *
 * <ul>
 *   <li>{@code trajectory[k]}: the latent after k DDIM inversion steps (k = 0 is the image's
 *       latent, k = steps is the starting noise x_T), each H·W·C floats. A {@linkplain #compact()
 *       compact} inversion keeps x_T only: what an edit reads;
 *   <li>{@code nullEmbeddings[i]}: for null-text, the unconditional context (L·D floats) to use at
 *       sampling step i (i = 0 is the noisiest step); empty for DDIM;
 *   <li>{@code attention[token]}: the source row's cross-attention maps averaged over the inversion
 *       steps, heads and layers, R·R floats per token, for masks from words.
 * </ul>
 *
 * <p>Its key is the contract's {@link InversionKey}, over the source's {@link
 * dev.editstream.schemas.keys.ImageHash}, so the stream processors name an inversion before any
 * worker computes it.
 */
public final class Inversion {
  private final InversionKey key;
  private final InversionParameters parameters;
  private final String imageHash;
  private final String bundleSha256;
  private final int[] latentShape;
  private final float[][] trajectory;
  private final float[][] nullEmbeddings;
  private final int attentionResolution;
  private final float[][] attention;

  /**
   * Validates the shapes and copies everything.
   *
   * @param trajectory steps + 1 latents; all but the last may be null (a compact inversion)
   */
  public Inversion(
      InversionParameters parameters,
      String imageHash,
      String bundleSha256,
      int[] latentShape,
      float[][] trajectory,
      float[][] nullEmbeddings,
      int attentionResolution,
      float[][] attention) {
    this.parameters = Objects.requireNonNull(parameters, "parameters");
    this.imageHash = Objects.requireNonNull(imageHash, "imageHash");
    this.bundleSha256 = Objects.requireNonNull(bundleSha256, "bundleSha256");
    this.latentShape = latentShape.clone();
    int n = 1;
    for (int d : latentShape) {
      n *= d;
    }
    if (trajectory.length != parameters.steps() + 1) {
      throw new IllegalArgumentException(
          "trajectory needs steps + 1 = "
              + (parameters.steps() + 1)
              + " latents, got "
              + trajectory.length);
    }
    if (trajectory[trajectory.length - 1] == null) {
      throw new IllegalArgumentException("the trajectory needs its last latent, x_T");
    }
    for (float[] z : trajectory) {
      if (z != null && z.length != n) {
        throw new IllegalArgumentException("latent of " + z.length + " floats, expected " + n);
      }
    }
    boolean nullText = parameters.method() == InversionMethod.NULL_TEXT;
    if (nullText ? nullEmbeddings.length != parameters.steps() : nullEmbeddings.length != 0) {
      throw new IllegalArgumentException(
          "null embeddings: "
              + nullEmbeddings.length
              + " for "
              + parameters.method()
              + " over "
              + parameters.steps()
              + " steps");
    }
    for (float[] a : attention) {
      if (a.length != attentionResolution * attentionResolution) {
        throw new IllegalArgumentException(
            "attention map of " + a.length + " floats, resolution " + attentionResolution);
      }
    }
    this.trajectory = deepCopy(trajectory);
    this.nullEmbeddings = deepCopy(nullEmbeddings);
    this.attentionResolution = attentionResolution;
    this.attention = deepCopy(attention);
    this.key = keyOf(imageHash, bundleSha256, parameters);
  }

  /** The contract's key of an inversion with these inputs. */
  public static InversionKey keyOf(
      String imageHash, String bundleSha256, InversionParameters parameters) {
    return InversionKey.of(
        imageHash,
        bundleSha256,
        parameters.schedule().canonical(),
        parameters.steps(),
        parameters.sourceTokens(),
        parameters.method().name(),
        parameters.guidance().scale(),
        parameters.method() == InversionMethod.NULL_TEXT ? parameters.nullText().key() : null);
  }

  private static float[][] deepCopy(float[][] a) {
    float[][] out = new float[a.length][];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] == null ? null : a[i].clone();
    }
    return out;
  }

  /**
   * This inversion without the intermediate latents: x_T, the null embeddings and the attention
   * maps, all an edit reads (about a third of the full size at 20 steps).
   */
  public Inversion compact() {
    float[][] last = new float[trajectory.length][];
    last[last.length - 1] = trajectory[trajectory.length - 1];
    return new Inversion(
        parameters,
        imageHash,
        bundleSha256,
        latentShape,
        last,
        nullEmbeddings,
        attentionResolution,
        attention);
  }

  /** Whether the intermediate latents were dropped ({@link #compact()}). */
  public boolean isCompact() {
    return trajectory[0] == null;
  }

  /** The content key. */
  public InversionKey key() {
    return key;
  }

  /** The parameters. */
  public InversionParameters parameters() {
    return parameters;
  }

  /** The contract's hash of the source image's pixels. */
  public String imageHash() {
    return imageHash;
  }

  /** SHA-256 (hex) of the bundle's variables. */
  public String bundleSha256() {
    return bundleSha256;
  }

  /** The latent's (H, W, C). */
  public int[] latentShape() {
    return latentShape.clone();
  }

  /** Number of DDIM steps. */
  public int steps() {
    return parameters.steps();
  }

  /**
   * The latent after k inversion steps (a copy): 0 = the image's latent, steps = x_T.
   *
   * @throws IllegalStateException for an intermediate latent of a compact inversion
   */
  public float[] latent(int k) {
    if (trajectory[k] == null) {
      throw new IllegalStateException(
          "latent " + k + " of " + steps() + " was dropped: a compact inversion keeps x_T only");
    }
    return trajectory[k].clone();
  }

  /** The latent sampling step i should reach, i.e. {@code latent(steps - 1 - i)}. */
  public float[] pivotAfterSamplingStep(int i) {
    return latent(steps() - 1 - i);
  }

  /** Whether per-step null embeddings are present. */
  public boolean hasNullEmbeddings() {
    return nullEmbeddings.length > 0;
  }

  /** The unconditional context for sampling step i (a copy). */
  public float[] nullEmbedding(int i) {
    return nullEmbeddings[i].clone();
  }

  /** Resolution R of the attention maps. */
  public int attentionResolution() {
    return attentionResolution;
  }

  /** The averaged cross-attention maps, {@code [token][R*R]} (a copy). */
  public float[][] attention() {
    return deepCopy(attention);
  }

  float[][] trajectoryView() {
    return trajectory;
  }

  float[][] nullEmbeddingsView() {
    return nullEmbeddings;
  }

  float[][] attentionView() {
    return attention;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Inversion i
        && i.key.equals(key)
        && Arrays.equals(i.latentShape, latentShape)
        && Arrays.deepEquals(i.trajectory, trajectory)
        && Arrays.deepEquals(i.nullEmbeddings, nullEmbeddings)
        && i.attentionResolution == attentionResolution
        && Arrays.deepEquals(i.attention, attention)
        && i.parameters.equals(parameters);
  }

  @Override
  public int hashCode() {
    return key.hashCode();
  }

  @Override
  public String toString() {
    return "Inversion[" + key + ", " + parameters + "]";
  }
}
