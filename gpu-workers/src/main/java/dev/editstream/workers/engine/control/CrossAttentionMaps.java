package dev.editstream.workers.engine.control;

import dev.editstream.editing.BundleManifest;
import dev.editstream.editing.BundleManifest.AttentionLayer;
import dev.editstream.models.DenoiseOutput;
import dev.editstream.models.FloatTensor;

/**
 * Per-token cross-attention maps of one batch row, averaged over heads and over every cross layer
 * (each resampled, nearest, to the largest cross-attention resolution R): {@code [token][y * R +
 * x]}.
 */
public final class CrossAttentionMaps {
  private CrossAttentionMaps() {}

  /** The resolution R the maps are given at. */
  public static int resolution(BundleManifest manifest) {
    int r = 0;
    for (AttentionLayer a : manifest.attentionLayers()) {
      if (a.isCross()) {
        r = Math.max(r, a.resolution());
      }
    }
    if (r == 0) {
      throw new IllegalStateException(
          "bundle " + manifest.name() + " has no cross-attention layer");
    }
    return r;
  }

  /** Row {@code row}'s maps, L × R², from a denoise call's outputs. */
  public static float[][] of(BundleManifest manifest, DenoiseOutput out, int row) {
    int res = resolution(manifest);
    int length = manifest.contextLength();
    float[][] sum = new float[length][res * res];
    int layers = 0;
    for (AttentionLayer a : manifest.attentionLayers()) {
      if (!a.isCross()) {
        continue;
      }
      layers++;
      FloatTensor t = out.attention().get(a.name());
      int heads = a.heads();
      int hw = a.queries();
      int r = a.resolution();
      int base = row * heads * hw * length;
      float scale = 1f / heads;
      for (int y = 0; y < res; y++) {
        int sy = y * r / res;
        for (int x = 0; x < res; x++) {
          int q = sy * r + x * r / res;
          for (int h = 0; h < heads; h++) {
            int off = base + (h * hw + q) * length;
            for (int k = 0; k < length; k++) {
              sum[k][y * res + x] += scale * t.get(off + k);
            }
          }
        }
      }
    }
    for (float[] m : sum) {
      for (int i = 0; i < m.length; i++) {
        m[i] /= layers;
      }
    }
    return sum;
  }

  /** Adds {@code add} into {@code into}, element-wise. */
  public static void accumulate(float[][] into, float[][] add) {
    for (int k = 0; k < into.length; k++) {
      for (int i = 0; i < into[k].length; i++) {
        into[k][i] += add[k][i];
      }
    }
  }
}
