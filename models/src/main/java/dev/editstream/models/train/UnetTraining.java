package dev.editstream.models.train;

import dev.editstream.editing.Tokenizer;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Phase 2: the UNet, trained to predict the noise (MSE) on the frozen text encoder's context, with
 * ~10% empty prompts, an EMA of its weights, and the scaled-linear schedule. Work files live in
 * {@code <work-dir>/unet}.
 */
public final class UnetTraining implements TrainingLoop.Phase, AutoCloseable {
  /** Sub-directory of the work dir. */
  public static final String DIR = "unet";

  private final TrainConfig cfg;
  private final TrainState encoders;
  private final Tokenizer tokenizer;
  private final Graph graph = new Graph();
  private final Session session;
  private final Batches batches;
  private final double[] alphasCumprod;
  private final Placeholder<TInt32> ids;
  private final Placeholder<TFloat32> noisy;
  private final Placeholder<TInt32> timesteps;
  private final Placeholder<TFloat32> noise;
  private final Operand<TFloat32> loss;
  private final Adam adam;
  private final Checkpoints.Subset loadText;
  private final long parameters;

  UnetTraining(TrainConfig cfg, TrainState encoders) {
    this.cfg = cfg;
    this.encoders = encoders;
    if (!encoders.modelSize().equals(cfg.modelSize())) {
      throw new IllegalStateException(
          "encoders were trained at size " + encoders.modelSize() + ", not " + cfg.modelSize());
    }
    ModelConfig m = cfg.model();
    this.tokenizer = m.tokenizer();
    Ops tf = Ops.create(graph);
    Params params = new Params(tf, true, cfg.seed());
    Nn nn = new Nn(params);
    ids = Graphs.input(tf, "token_ids", TInt32.class, -1, m.contextLength());
    noisy = Graphs.input(tf, "x_t", TFloat32.class, -1, 32, 32, 3);
    timesteps = Graphs.input(tf, "t", TInt32.class, -1);
    noise = Graphs.input(tf, "eps_true", TFloat32.class, -1, 32, 32, 3);
    Operand<TFloat32> context =
        tf.stopGradient(TextEncoder.build(nn, m, ids, tokenizer.size()).context());
    Operand<TFloat32> eps =
        Unet.build(nn, m, noisy, timesteps, context, Nn.AttentionHook.NONE).eps();
    loss =
        tf.math.mean(
            tf.math.squaredDifference(eps, noise),
            tf.constant(new int[] {0, 1, 2, 3}),
            Mean.keepDims(false));
    Map<String, Variable<TFloat32>> unet = Graphs.select(params, "unet_");
    parameters = params.count("unet_");
    Map<String, Variable<TFloat32>> text = Graphs.select(params, "txt_");
    adam = new Adam(tf, loss, unet, 1.0f, true);
    loadText = Checkpoints.subset(tf, "load_text", text);
    session = Graphs.session(graph, cfg.threads());
    batches = new Batches(cfg.seed() + 7, tokenizer, cfg.batch());
    alphasCumprod = Batches.schedule().alphasCumprod();
  }

  /** Trains (or resumes) the UNet; the encoders must be finished. */
  public static void run(TrainConfig cfg, PrintStream out) throws IOException {
    TrainState enc = EncoderTraining.finished(cfg.workDir());
    try (UnetTraining t = new UnetTraining(cfg, enc)) {
      out.println("unet: " + t.parameters + " parameters");
      TrainingLoop.run(cfg, cfg.workDir().resolve(DIR), t, out);
    }
  }

  @Override
  public String name() {
    return "unet";
  }

  @Override
  public Session session() {
    return session;
  }

  @Override
  public void freshStart() {
    loadText.run(session, encoders.checkpoint());
    session.run(adam.emaCopy);
  }

  @Override
  public float step(long k, float lr, float b1, float b2, float decay) {
    Batches.Denoising b = batches.denoising(k, alphasCumprod);
    int n = cfg.batch();
    try (TInt32 tIds = Tensors.ints(b.ids(), n, tokenizer.contextLength());
        TFloat32 tX = Tensors.floats(b.noisy(), n, 32, 32, 3);
        TInt32 tT = Tensors.ints(b.t(), n);
        TFloat32 tEps = Tensors.floats(b.eps(), n, 32, 32, 3)) {
      var runner =
          session.runner().feed(ids, tIds).feed(noisy, tX).feed(timesteps, tT).feed(noise, tEps);
      return adam.run(runner, loss, adam.emaUpdate, lr, b1, b2, decay);
    }
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
