package dev.editstream.models.train;

import dev.editstream.editing.BundleManifest;
import dev.editstream.editing.Tokenizer;
import dev.editstream.models.Contract;
import dev.editstream.models.ModelBundle;
import dev.editstream.models.world.Renderer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Exports the trained model as a bundle: a slim inference graph (no optimizer slots; the UNet's EMA
 * weights; the encoders' final weights) with every contract signature, and its {@code bundle.json}.
 */
public final class BundleExport {
  private BundleExport() {}

  /**
   * Exports from a work dir's latest checkpoints.
   *
   * @param workDir training work dir (finished encoders, any UNet checkpoint)
   * @param out bundle directory to write (replaced)
   * @param name bundle name
   * @param version bundle version
   * @return the written manifest
   */
  public static BundleManifest run(
      Path workDir, Path out, String name, String version, PrintStream log) throws IOException {
    TrainState enc = EncoderTraining.finished(workDir);
    TrainState unet = TrainState.read(workDir.resolve(UnetTraining.DIR));
    if (unet == null) {
      throw new IllegalStateException("no UNet checkpoint in " + workDir.resolve(UnetTraining.DIR));
    }
    ModelConfig m = ModelConfig.named(enc.modelSize());
    Tokenizer tok = m.tokenizer();
    deleteRecursively(out);
    try (Graph g = new Graph();
        Session s = Graphs.session(g, 2)) {
      Ops tf = Ops.create(g);
      Params params = new Params(tf, false, 0);
      Nn nn = new Nn(params);
      int l = m.contextLength();
      int d = m.textWidth();
      int img = ModelConfig.IMAGE;
      var ids = Graphs.input(tf, "token_ids", TInt32.class, -1, l);
      TextEncoder.Output text = TextEncoder.build(nn, m, ids, tok.size());
      var image = Graphs.input(tf, "image", TFloat32.class, -1, img, img, 3);
      Operand<TFloat32> embedding = ImageEncoder.build(nn, m, image);
      Operand<TFloat32> latentOut = tf.withName("encode_latent").identity(image);
      var latent = Graphs.input(tf, "latent", TFloat32.class, -1, img, img, 3);
      Operand<TFloat32> imageOut = tf.withName("decode_image").identity(latent);
      var xt = Graphs.input(tf, "x_t", TFloat32.class, -1, img, img, 3);
      var t = Graphs.input(tf, "t", TInt32.class, -1);
      var ctx = Graphs.input(tf, "context", TFloat32.class, -1, l, d);
      Unet.Output plain = Unet.build(nn, m, xt, t, ctx, Nn.AttentionHook.NONE);
      var src = Graphs.input(tf, "source_index", TInt32.class, -1);
      var map = Graphs.input(tf, "token_map", TFloat32.class, -1, l, l);
      var alpha = Graphs.input(tf, "token_alpha", TFloat32.class, -1, l);
      var crossBlend = Graphs.input(tf, "cross_blend", TFloat32.class, -1);
      var selfBlend = Graphs.input(tf, "self_blend", TFloat32.class, -1);
      Unet.Output p2p =
          Unet.build(nn, m, xt, t, ctx, new P2pHook(tf, src, map, alpha, crossBlend, selfBlend));
      var cot = Graphs.input(tf, "eps_cotangent", TFloat32.class, -1, img, img, 3);
      Operand<?> dCtx =
          tf.gradients(List.of(plain.eps()), List.of(ctx), Gradients.dx(List.of(cot))).dy(0);
      Operand<TFloat32> projection = tf.withName("text_projection").identity(text.projection());

      Map<String, Variable<TFloat32>> fromEncoders = Graphs.select(params, "txt_", "img_");
      Map<String, Variable<TFloat32>> fromUnet = new LinkedHashMap<>();
      Graphs.select(params, "unet_").forEach((n, v) -> fromUnet.put("ema_" + n, v));
      Checkpoints.subset(tf, "load_encoders", fromEncoders).run(s, enc.checkpoint());
      Checkpoints.subset(tf, "load_unet", fromUnet).run(s, unet.checkpoint());

      List<BundleManifest.AttentionLayer> layers = m.attentionLayers();
      SavedModelBundle.exporter(out.toString())
          .withSession(s)
          .withSignature(
              Signature.builder(Contract.EMBED_TEXT)
                  .input("token_ids", ids)
                  .output("context", text.context())
                  .output("pooled", text.pooled())
                  .build())
          .withSignature(
              Signature.builder(Contract.EMBED_IMAGE)
                  .input("image", image)
                  .output("embedding", embedding)
                  .build())
          .withSignature(
              Signature.builder(Contract.ENCODE)
                  .input("image", image)
                  .output("latent", latentOut)
                  .build())
          .withSignature(
              Signature.builder(Contract.DECODE)
                  .input("latent", latent)
                  .output("image", imageOut)
                  .build())
          .withSignature(
              withAttention(
                      Signature.builder(Contract.DENOISE)
                          .input("x_t", xt)
                          .input("t", t)
                          .input("context", ctx)
                          .output("eps", plain.eps()),
                      layers,
                      plain)
                  .build())
          .withSignature(
              withAttention(
                      Signature.builder(Contract.DENOISE_P2P)
                          .input("x_t", xt)
                          .input("t", t)
                          .input("context", ctx)
                          .input("source_index", src)
                          .input("token_map", map)
                          .input("token_alpha", alpha)
                          .input("cross_blend", crossBlend)
                          .input("self_blend", selfBlend)
                          .output("eps", p2p.eps()),
                      layers,
                      p2p)
                  .build())
          .withSignature(
              Signature.builder(Contract.EPS_VJP_CONTEXT)
                  .input("x_t", xt)
                  .input("t", t)
                  .input("context", ctx)
                  .input("eps_cotangent", cot)
                  .output("eps", plain.eps())
                  .output("d_context", dCtx)
                  .build())
          .withSignature(
              Signature.builder(Contract.TEXT_PROJECTION).output("projection", projection).build())
          .export();
    }
    BundleManifest manifest =
        manifest(m, tok, name, version, ModelBundle.variablesSha256(out), enc, unet);
    manifest.write(out);
    log.println(
        "export: wrote "
            + out
            + " (encoders step "
            + enc.step()
            + ", unet step "
            + unet.step()
            + ", variables sha256 "
            + manifest.variablesSha256()
            + ")");
    return manifest;
  }

  private static Signature.Builder withAttention(
      Signature.Builder b, List<BundleManifest.AttentionLayer> layers, Unet.Output out) {
    for (int i = 0; i < layers.size(); i++) {
      b.output(layers.get(i).name(), out.attention().get(i));
    }
    return b;
  }

  private static BundleManifest manifest(
      ModelConfig m,
      Tokenizer tok,
      String name,
      String version,
      String sha,
      TrainState enc,
      TrainState unet) {
    List<Integer> latent = List.of(Renderer.SIZE, Renderer.SIZE, 3);
    Map<String, Object> training = new LinkedHashMap<>();
    training.put("modelSize", enc.modelSize());
    training.put("seed", enc.seed());
    training.put("encoderSteps", enc.step());
    training.put("encoderBatch", enc.batch());
    training.put("encoderSeconds", Math.round(enc.seconds()));
    training.put("unetSteps", unet.step());
    training.put("unetTotalSteps", unet.totalSteps());
    training.put("unetBatch", unet.batch());
    training.put("unetSeconds", Math.round(unet.seconds()));
    training.put("unetFinished", unet.finished());
    training.put("emptyPromptProbability", Batches.EMPTY_PROMPT);
    training.put("unetWeights", "ema");
    return new BundleManifest(
        name,
        version,
        sha,
        Renderer.SIZE,
        latent,
        List.of(-1f, 1f),
        "NHWC",
        Batches.schedule(),
        new BundleManifest.TokenizerSpec("word", tok.tokens()),
        m.contextLength(),
        m.textWidth(),
        m.embedDim(),
        m.attentionLayers(),
        Contract.signatures(
            Renderer.SIZE,
            latent,
            m.contextLength(),
            m.textWidth(),
            m.embedDim(),
            m.attentionLayers()),
        training);
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
