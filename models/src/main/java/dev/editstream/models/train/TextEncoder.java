package dev.editstream.models.train;

import dev.editstream.editing.Tokenizer;
import dev.editstream.models.train.Params.Init;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The CLIP-style text encoder: token + position embeddings, a causal pre-LN transformer, a final
 * LayerNorm. Its per-token output is the UNet's context; the EOS token's output times W_t is the
 * pooled text embedding. Variables are prefixed {@code txt_}.
 */
final class TextEncoder {
  /**
   * The encoder's outputs.
   *
   * @param context (B, L, D) per-token output after the final LayerNorm
   * @param pooled (B, E) EOS output projected by W_t
   * @param projection W_t (D, E)
   */
  record Output(
      Operand<TFloat32> context, Operand<TFloat32> pooled, Variable<TFloat32> projection) {}

  private TextEncoder() {}

  static Output build(Nn nn, ModelConfig cfg, Operand<TInt32> ids, int vocabSize) {
    Ops tf = nn.tf();
    Params p = nn.params();
    int l = cfg.contextLength();
    int d = cfg.textWidth();
    var tok = p.get("txt_tok_emb", new long[] {vocabSize, d}, Init.FAN_IN, 1, 0.5f);
    var pos = p.get("txt_pos_emb", new long[] {l, d}, Init.FAN_IN, 1, 0.2f);
    Operand<TFloat32> x = tf.math.add(tf.gather(tok, ids, tf.constant(0)), pos);
    Operand<TFloat32> mask = tf.constant(causalMask(l));
    for (int i = 0; i < cfg.textLayers(); i++) {
      String n = "txt_l" + i;
      Operand<TFloat32> h = nn.layerNorm(n + "_ln1", x, d);
      x =
          tf.math.add(
              x,
              nn.attention(
                  n + "_attn",
                  h,
                  l,
                  d,
                  h,
                  l,
                  d,
                  cfg.textHeads(),
                  mask,
                  Nn.AttentionHook.NONE,
                  false,
                  null));
      h = nn.layerNorm(n + "_ln2", x, d);
      h = nn.silu(nn.dense3(n + "_mlp1", h, l, d, 4 * d, false));
      x = tf.math.add(x, nn.dense3(n + "_mlp2", h, l, 4 * d, d, true));
    }
    Operand<TFloat32> context = nn.layerNorm("txt_ln_final", x, d);
    // the EOS row: every prompt has exactly one EOS, so a one-hot weighted sum picks it out
    Operand<TFloat32> eos =
        tf.expandDims(
            tf.dtypes.cast(tf.math.equal(ids, tf.constant(Tokenizer.EOS)), TFloat32.class),
            tf.constant(-1));
    Operand<TFloat32> eosOut = tf.sum(tf.math.mul(context, eos), tf.constant(1));
    var wT = p.get("txt_proj", new long[] {d, cfg.embedDim()}, Init.FAN_IN, d, 1f);
    return new Output(context, tf.linalg.matMul(eosOut, wT), wT);
  }

  private static float[][] causalMask(int l) {
    float[][] m = new float[l][l];
    for (int i = 0; i < l; i++) {
      for (int j = i + 1; j < l; j++) {
        m[i][j] = -1e9f;
      }
    }
    return m;
  }
}
