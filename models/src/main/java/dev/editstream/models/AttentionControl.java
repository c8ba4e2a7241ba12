package dev.editstream.models;

/**
 * Prompt-to-prompt control for one {@code denoise_p2p} call, one entry per batch row. For every
 * cross-attention layer with probabilities P (B, heads, HW, L), row b uses
 *
 * <pre>
 *   mapped  = P[sourceIndex[b]] @ tokenMap[b]                 (replace / refine / re-weight)
 *   target  = tokenAlpha[b] * mapped + (1 - tokenAlpha[b]) * P[b]   (per target token)
 *   used[b] = P[b] + crossBlend[b] * (target - P[b])
 * </pre>
 *
 * and for every self-attention layer {@code used[b] = P[b] + selfBlend[b] * (P[src] - P[b])}. A row
 * whose blends are 0 is computed as in {@code denoise}.
 *
 * @param sourceIndex (B) which batch row is each row's source
 * @param tokenMap (B, L, L) source-token to target-token map
 * @param tokenAlpha (B, L) per target token: 1 takes the mapped source map, 0 keeps its own
 * @param crossBlend (B) cross-attention injection strength this step
 * @param selfBlend (B) self-attention injection strength this step
 */
public record AttentionControl(
    int[] sourceIndex,
    FloatTensor tokenMap,
    FloatTensor tokenAlpha,
    float[] crossBlend,
    float[] selfBlend) {
  /** Validates that every part has the same batch size, and copies the arrays. */
  public AttentionControl {
    int b = sourceIndex.length;
    if (tokenMap.rank() != 3 || tokenMap.dim(0) != b || tokenMap.dim(1) != tokenMap.dim(2)) {
      throw new IllegalArgumentException("tokenMap must be (" + b + ", L, L), got " + tokenMap);
    }
    if (tokenAlpha.rank() != 2 || tokenAlpha.dim(0) != b || tokenAlpha.dim(1) != tokenMap.dim(1)) {
      throw new IllegalArgumentException("tokenAlpha must be (" + b + ", L), got " + tokenAlpha);
    }
    if (crossBlend.length != b || selfBlend.length != b) {
      throw new IllegalArgumentException("crossBlend and selfBlend need " + b + " entries");
    }
    for (int s : sourceIndex) {
      if (s < 0 || s >= b) {
        throw new IllegalArgumentException("source index " + s + " outside [0, " + b + ")");
      }
    }
    sourceIndex = sourceIndex.clone();
    crossBlend = crossBlend.clone();
    selfBlend = selfBlend.clone();
  }

  /** A control that changes nothing: every row its own source, identity map, zero blends. */
  public static AttentionControl none(int batch, int contextLength) {
    int[] src = new int[batch];
    float[] map = new float[batch * contextLength * contextLength];
    for (int b = 0; b < batch; b++) {
      src[b] = b;
      for (int i = 0; i < contextLength; i++) {
        map[(b * contextLength + i) * contextLength + i] = 1f;
      }
    }
    return new AttentionControl(
        src,
        FloatTensor.wrap(map, batch, contextLength, contextLength),
        FloatTensor.zeros(batch, contextLength),
        new float[batch],
        new float[batch]);
  }

  /** The batch size. */
  public int batch() {
    return sourceIndex.length;
  }

  @Override
  public int[] sourceIndex() {
    return sourceIndex.clone();
  }

  @Override
  public float[] crossBlend() {
    return crossBlend.clone();
  }

  @Override
  public float[] selfBlend() {
    return selfBlend.clone();
  }
}
