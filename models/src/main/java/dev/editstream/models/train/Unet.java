package dev.editstream.models.train;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The epsilon-predicting UNet on 32x32 RGB: ResBlocks with a time embedding at 32, 16 and 8 pixels;
 * cross-attention to the text context at 16 and 8 pixels on the way down and up; self-attention at
 * 8 pixels. Every attention layer's probabilities pass through an {@link Nn.AttentionHook}
 * (prompt-to-prompt control) and are returned in {@link ModelConfig#attentionLayers()} order.
 * Variables are prefixed {@code unet_}.
 */
final class Unet {
  /**
   * The UNet's outputs.
   *
   * @param eps predicted noise (B, 32, 32, 3)
   * @param attention used attention probabilities, in attention-layer order
   */
  record Output(Operand<TFloat32> eps, List<Operand<TFloat32>> attention) {}

  private final Nn nn;
  private final Ops tf;
  private final ModelConfig cfg;
  private final Nn.AttentionHook hook;
  private final List<Operand<TFloat32>> probs = new ArrayList<>();
  private Operand<TFloat32> temb;
  private Operand<TFloat32> context;

  private Unet(Nn nn, ModelConfig cfg, Nn.AttentionHook hook) {
    this.nn = nn;
    this.tf = nn.tf();
    this.cfg = cfg;
    this.hook = hook;
  }

  static Output build(
      Nn nn,
      ModelConfig cfg,
      Operand<TFloat32> x,
      Operand<TInt32> t,
      Operand<TFloat32> context,
      Nn.AttentionHook hook) {
    Unet u = new Unet(nn, cfg, hook);
    Operand<TFloat32> eps = u.forward(x, t, context);
    return new Output(eps, List.copyOf(u.probs));
  }

  private Operand<TFloat32> forward(Operand<TFloat32> x, Operand<TInt32> t, Operand<TFloat32> ctx) {
    this.context = ctx;
    this.temb = timeEmbedding(t);
    int[] c = cfg.unetChannels();
    Operand<TFloat32> h = nn.conv("unet_in", x, 3, 3, c[0], 1, false);
    Operand<TFloat32> s32 = resBlock("unet_d32", h, 32, c[0], c[0]);
    h = nn.conv("unet_down16", s32, 3, c[0], c[1], 2, false);
    h = resBlock("unet_d16", h, 16, c[1], c[1]);
    Operand<TFloat32> s16 = crossBlock("cross_d16", h, 16, c[1]);
    h = nn.conv("unet_down8", s16, 3, c[1], c[2], 2, false);
    h = resBlock("unet_d8", h, 8, c[2], c[2]);
    h = selfBlock("self_d8", h, 8, c[2]);
    Operand<TFloat32> s8 = crossBlock("cross_d8", h, 8, c[2]);
    h = resBlock("unet_mid", s8, 8, c[2], c[2]);
    h = resBlock("unet_u8", tf.concat(List.of(h, s8), tf.constant(3)), 8, 2 * c[2], c[2]);
    h = selfBlock("self_u8", h, 8, c[2]);
    h = crossBlock("cross_u8", h, 8, c[2]);
    h = upsample("unet_up16", h, 16, c[2], c[1]);
    h = resBlock("unet_u16", tf.concat(List.of(h, s16), tf.constant(3)), 16, 2 * c[1], c[1]);
    h = crossBlock("cross_u16", h, 16, c[1]);
    h = upsample("unet_up32", h, 32, c[1], c[0]);
    h = resBlock("unet_u32", tf.concat(List.of(h, s32), tf.constant(3)), 32, 2 * c[0], c[0]);
    h = nn.silu(nn.groupNorm("unet_out_norm", h, 32, 32, c[0], 8));
    return nn.conv("unet_out", h, 3, c[0], 3, 1, false);
  }

  private Operand<TFloat32> timeEmbedding(Operand<TInt32> t) {
    int half = cfg.timeDim() / 4;
    float[] freqs = new float[half];
    for (int i = 0; i < half; i++) {
      freqs[i] = (float) Math.exp(-Math.log(10000) * i / half);
    }
    Operand<TFloat32> tf32 = tf.expandDims(tf.dtypes.cast(t, TFloat32.class), tf.constant(-1));
    Operand<TFloat32> arg = tf.math.mul(tf32, tf.constant(new float[][] {freqs}));
    Operand<TFloat32> emb = tf.concat(List.of(tf.math.sin(arg), tf.math.cos(arg)), tf.constant(1));
    emb = nn.silu(nn.dense("unet_t1", emb, 2 * half, cfg.timeDim(), false));
    return nn.dense("unet_t2", emb, cfg.timeDim(), cfg.timeDim(), false);
  }

  private Operand<TFloat32> resBlock(String name, Operand<TFloat32> x, int res, int in, int out) {
    Operand<TFloat32> h = nn.silu(nn.groupNorm(name + "_n1", x, res, res, in, 8));
    h = nn.conv(name + "_c1", h, 3, in, out, 1, false);
    Operand<TFloat32> tproj = nn.dense(name + "_t", nn.silu(temb), cfg.timeDim(), out, false);
    h = tf.math.add(h, tf.reshape(tproj, tf.constant(new long[] {-1, 1, 1, out})));
    h = nn.silu(nn.groupNorm(name + "_n2", h, res, res, out, 8));
    h = nn.conv(name + "_c2", h, 3, out, out, 1, true);
    Operand<TFloat32> skip = in == out ? x : nn.conv(name + "_skip", x, 1, in, out, 1, false);
    return tf.math.add(skip, h);
  }

  private Operand<TFloat32> upsample(String name, Operand<TFloat32> x, int res, int in, int out) {
    Operand<TFloat32> up = tf.image.resizeNearestNeighbor(x, tf.constant(new int[] {res, res}));
    return nn.conv(name, up, 3, in, out, 1, false);
  }

  /** Cross-attention to the context, then a feed-forward layer, both residual, on tokens. */
  private Operand<TFloat32> crossBlock(String layer, Operand<TFloat32> x, int res, int c) {
    String name = "unet_" + layer;
    int n = res * res;
    Operand<TFloat32> tokens = tf.reshape(x, tf.constant(new long[] {-1, n, c}));
    Operand<TFloat32> h = nn.layerNorm(name + "_ln1", tokens, c);
    tokens =
        tf.math.add(
            tokens,
            nn.attention(
                name,
                h,
                n,
                c,
                context,
                cfg.contextLength(),
                cfg.textWidth(),
                cfg.unetHeads(),
                null,
                hook,
                true,
                probs));
    h = nn.layerNorm(name + "_ln2", tokens, c);
    h = nn.silu(nn.dense3(name + "_ff1", h, n, c, 2 * c, false));
    tokens = tf.math.add(tokens, nn.dense3(name + "_ff2", h, n, 2 * c, c, true));
    return tf.reshape(tokens, tf.constant(new long[] {-1, res, res, c}));
  }

  /** Self-attention over the pixels, residual. */
  private Operand<TFloat32> selfBlock(String layer, Operand<TFloat32> x, int res, int c) {
    String name = "unet_" + layer;
    int n = res * res;
    Operand<TFloat32> tokens = tf.reshape(x, tf.constant(new long[] {-1, n, c}));
    Operand<TFloat32> h = nn.layerNorm(name + "_ln", tokens, c);
    tokens =
        tf.math.add(
            tokens,
            nn.attention(name, h, n, c, h, n, c, cfg.unetHeads(), null, hook, false, probs));
    return tf.reshape(tokens, tf.constant(new long[] {-1, res, res, c}));
  }
}
