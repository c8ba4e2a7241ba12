package dev.editstream.models.train;

import dev.editstream.editing.Tokenizer;
import dev.editstream.models.world.Attribute;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Phase 1: the CLIP-style encoders, trained contrastively (symmetric InfoNCE, learned temperature)
 * on captioned world scenes. Work files live in {@code <work-dir>/encoders}.
 */
public final class EncoderTraining implements TrainingLoop.Phase, ZeroShot.Encoders, AutoCloseable {
  /** Sub-directory of the work dir. */
  public static final String DIR = "encoders";

  private final TrainConfig cfg;
  private final Tokenizer tokenizer;
  private final Graph graph = new Graph();
  private final Session session;
  private final Batches batches;
  private final Placeholder<TInt32> ids;
  private final Placeholder<TFloat32> images;
  private final Placeholder<TFloat32> targets;
  private final Operand<TFloat32> pooled;
  private final Operand<TFloat32> embedding;
  private final Operand<TFloat32> loss;
  private final Adam adam;
  private final long parameters;

  EncoderTraining(TrainConfig cfg) {
    this.cfg = cfg;
    ModelConfig m = cfg.model();
    this.tokenizer = m.tokenizer();
    Ops tf = Ops.create(graph);
    Params params = new Params(tf, true, cfg.seed());
    Nn nn = new Nn(params);
    ids = Graphs.input(tf, "token_ids", TInt32.class, -1, m.contextLength());
    images = Graphs.input(tf, "image", TFloat32.class, -1, ModelConfig.IMAGE, ModelConfig.IMAGE, 3);
    targets = Graphs.input(tf, "targets", TFloat32.class, cfg.batch(), cfg.batch());
    pooled = TextEncoder.build(nn, m, ids, tokenizer.size()).pooled();
    embedding = ImageEncoder.build(nn, m, images);
    Variable<TFloat32> scale = params.scalar("clip_logit_scale", (float) Math.log(1 / 0.07));
    loss = Graphs.clipLoss(tf, embedding, pooled, scale, targets);
    parameters = params.count("");
    adam = new Adam(tf, loss, new LinkedHashMap<>(params.all()), 1.0f, false);
    session = Graphs.session(graph, cfg.threads());
    batches = new Batches(cfg.seed(), tokenizer, cfg.batch());
  }

  /** Trains (or resumes, or reports an already finished run), then prints zero-shot accuracy. */
  public static void run(TrainConfig cfg, PrintStream out) throws IOException {
    try (EncoderTraining t = new EncoderTraining(cfg)) {
      out.println("encoders: " + t.parameters + " parameters");
      TrainingLoop.run(cfg, cfg.workDir().resolve(DIR), t, out);
      Map<Attribute, Double> acc = ZeroShot.accuracy(t, t.tokenizer, cfg.seed() + 1_000_003L, 300);
      out.println("encoders: zero-shot accuracy on 300 held-out scenes " + format(acc));
      double binding = ZeroShot.binding(t, t.tokenizer, cfg.seed() + 2_000_003L, 300);
      out.println(
          String.format(
              Locale.ROOT,
              "encoders: binding accuracy (caption vs colours exchanged) on 300 two-object scenes"
                  + " %.1f%%",
              100 * binding));
    }
  }

  static String format(Map<Attribute, Double> acc) {
    StringBuilder s = new StringBuilder();
    acc.forEach(
        (a, v) ->
            s.append(a.name().toLowerCase(Locale.ROOT))
                .append('=')
                .append(String.format(Locale.ROOT, "%.1f%% ", 100 * v)));
    return s.toString().trim();
  }

  /** Where the finished encoders' checkpoint is, for the UNet phase and the export. */
  static TrainState finished(Path workDir) throws IOException {
    TrainState s = TrainState.read(workDir.resolve(DIR));
    if (s == null || !s.finished()) {
      throw new IllegalStateException(
          "the encoders in " + workDir.resolve(DIR) + " are not trained yet: run train-encoders");
    }
    return s;
  }

  @Override
  public String name() {
    return "encoders";
  }

  @Override
  public Session session() {
    return session;
  }

  @Override
  public void freshStart() {}

  @Override
  public float step(long k, float lr, float b1, float b2, float emaDecay) {
    Batches.Contrastive b = batches.contrastive(k);
    int n = cfg.batch();
    int l = tokenizer.contextLength();
    try (TInt32 tIds = Tensors.ints(b.ids(), n, l);
        TFloat32 tImg = Tensors.floats(b.images(), n, 32, 32, 3);
        TFloat32 tTgt = Tensors.floats(b.targets(), n, n)) {
      var runner = session.runner().feed(ids, tIds).feed(images, tImg).feed(targets, tTgt);
      return adam.run(runner, loss, adam.step, lr, b1, b2, emaDecay);
    }
  }

  @Override
  public float[][] text(int[][] rows) {
    int l = tokenizer.contextLength();
    int[] flat = new int[rows.length * l];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, flat, i * l, l);
    }
    try (TInt32 t = Tensors.ints(flat, rows.length, l);
        Result r = session.runner().feed(ids, t).fetch(pooled).run()) {
      return Tensors.rows(r.get(0));
    }
  }

  @Override
  public float[][] image(float[] imgs, int n) {
    try (TFloat32 t = Tensors.floats(imgs, n, 32, 32, 3);
        Result r = session.runner().feed(images, t).fetch(embedding).run()) {
      return Tensors.rows(r.get(0));
    }
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
