package dev.editstream.models.train;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The CLIP-style image encoder: a small CNN (conv, GroupNorm, SiLU; stride-2 downsampling to 4x4),
 * global average pooling and the projection W_i. Variables are prefixed {@code img_}.
 */
final class ImageEncoder {
  private ImageEncoder() {}

  static Operand<TFloat32> build(Nn nn, ModelConfig cfg, Operand<TFloat32> image) {
    Ops tf = nn.tf();
    int[] c = cfg.imageChannels();
    Operand<TFloat32> x = nn.conv("img_c0", image, 3, 3, c[0], 1, false);
    int res = ModelConfig.IMAGE;
    int in = c[0];
    for (int i = 1; i < c.length; i++) {
      x = nn.silu(nn.groupNorm("img_n" + i + "a", x, res, res, in, 8));
      x = nn.conv("img_c" + i + "a", x, 3, in, c[i], 2, false);
      res /= 2;
      x = nn.silu(nn.groupNorm("img_n" + i + "b", x, res, res, c[i], 8));
      x = nn.conv("img_c" + i + "b", x, 3, c[i], c[i], 1, false);
      in = c[i];
    }
    x = nn.silu(nn.groupNorm("img_n_final", x, res, res, in, 8));
    Operand<TFloat32> pooled = tf.math.mean(x, tf.constant(new int[] {1, 2}));
    return nn.dense("img_proj", pooled, in, cfg.embedDim(), false);
  }
}
