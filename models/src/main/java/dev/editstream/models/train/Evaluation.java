package dev.editstream.models.train;

import dev.editstream.editing.BundleManifest;
import dev.editstream.models.BundleOptions;
import dev.editstream.models.FloatTensor;
import dev.editstream.models.IntTensor;
import dev.editstream.models.ModelBundle;
import dev.editstream.models.world.Attribute;
import dev.editstream.models.world.Colour;
import dev.editstream.models.world.Oracle;
import dev.editstream.models.world.Scene;
import dev.editstream.models.world.World;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * {@code models eval}: zero-shot accuracy of the bundle's encoders, prompt fidelity of 50-step DDIM
 * samples at guidance 7.5 (pixel oracle and image encoder), training time and loss curves; writes
 * the model card and the sample grid.
 */
public final class Evaluation {
  /** Thresholds the bundled model must reach (issue 3). */
  static final double ZERO_SHOT_MIN = 0.98;

  static final double SAMPLE_OBJECT_MIN = 0.90;
  static final double SAMPLE_BACKGROUND_MIN = 0.95;

  /**
   * Evaluation settings.
   *
   * @param bundle the bundle directory
   * @param workDir the training work dir for curves and times, or null
   * @param card the model card to write
   * @param images directory for the PNGs
   * @param scenes held-out scenes per attribute for zero-shot accuracy
   * @param samples DDIM samples to judge
   * @param seed held-out seed
   * @param threads TensorFlow intra-op threads
   */
  public record Config(
      Path bundle,
      Path workDir,
      Path card,
      Path images,
      int scenes,
      int samples,
      long seed,
      int threads) {}

  /** What the evaluation measured. */
  record Report(
      Map<Attribute, Double> zeroShot,
      double sampleObject,
      double sampleBackground,
      double encoderObject,
      double encoderBackground,
      int samples,
      double secondsPerSample) {}

  private Evaluation() {}

  /**
   * Runs the evaluation, prints the numbers and writes the card; returns whether all thresholds
   * hold.
   */
  public static boolean run(Config c, PrintStream out) throws IOException {
    try (ModelBundle b = ModelBundle.load(c.bundle(), new BundleOptions(c.threads(), 1))) {
      Map<Attribute, Double> zs =
          ZeroShot.accuracy(encoders(b), b.tokenizer(), c.seed(), c.scenes());
      out.println(
          "eval: zero-shot accuracy ("
              + c.scenes()
              + " scenes each) "
              + EncoderTraining.format(zs));
      Report r = samples(b, c, zs, out);
      writeCard(c, b.manifest(), r);
      out.println("eval: wrote " + c.card() + " and " + c.images().resolve("samples.png"));
      return passes(r);
    }
  }

  static boolean passes(Report r) {
    return r.zeroShot().get(Attribute.SHAPE) >= ZERO_SHOT_MIN
        && r.zeroShot().get(Attribute.OBJECT_COLOUR) >= ZERO_SHOT_MIN
        && r.zeroShot().get(Attribute.BACKGROUND) >= ZERO_SHOT_MIN
        && r.sampleObject() >= SAMPLE_OBJECT_MIN
        && r.sampleBackground() >= SAMPLE_BACKGROUND_MIN;
  }

  static ZeroShot.Encoders encoders(ModelBundle b) {
    return new ZeroShot.Encoders() {
      @Override
      public float[][] text(int[][] ids) {
        List<float[]> rows = new ArrayList<>();
        for (int i = 0; i < ids.length; i += 256) {
          int[][] chunk = Arrays.copyOfRange(ids, i, Math.min(ids.length, i + 256));
          FloatTensor p = b.embedText(IntTensor.ofRows(chunk)).pooled();
          rows.addAll(Arrays.asList(split(p)));
        }
        return rows.toArray(float[][]::new);
      }

      @Override
      public float[][] image(float[] images, int n) {
        List<float[]> rows = new ArrayList<>();
        for (int i = 0; i < n; i += 256) {
          int m = Math.min(n, i + 256) - i;
          float[] chunk = Arrays.copyOfRange(images, i * Batches.PIXELS, (i + m) * Batches.PIXELS);
          rows.addAll(Arrays.asList(split(b.embedImage(FloatTensor.of(chunk, m, 32, 32, 3)))));
        }
        return rows.toArray(float[][]::new);
      }
    };
  }

  static float[][] split(FloatTensor t) {
    int n = t.dim(0);
    int w = t.size() / n;
    float[] v = t.values();
    float[][] out = new float[n][];
    for (int i = 0; i < n; i++) {
      out[i] = Arrays.copyOfRange(v, i * w, (i + 1) * w);
    }
    return out;
  }

  private static Report samples(ModelBundle b, Config c, Map<Attribute, Double> zs, PrintStream out)
      throws IOException {
    SplittableRandom rnd = new SplittableRandom(c.seed() * 31 + 7);
    List<Scene> scenes = new ArrayList<>();
    for (int i = 0; i < c.samples(); i++) {
      scenes.add(World.sample(rnd, 1));
    }
    Ddim ddim = new Ddim(b, 50);
    List<float[]> images = new ArrayList<>();
    long start = System.nanoTime();
    int chunk = 16;
    for (int i = 0; i < scenes.size(); i += chunk) {
      List<String> prompts =
          scenes.subList(i, Math.min(scenes.size(), i + chunk)).stream()
              .map(Scene::caption)
              .toList();
      images.addAll(Arrays.asList(split(ddim.sample(prompts, 7.5f, c.seed() + i))));
      out.println("eval: sampled " + images.size() + "/" + scenes.size());
    }
    double perSample = (System.nanoTime() - start) / 1e9 / scenes.size();
    int objectOk = 0;
    int backgroundOk = 0;
    for (int i = 0; i < scenes.size(); i++) {
      Oracle.Reading r = Oracle.read(images.get(i));
      Scene s = scenes.get(i);
      boolean object = r.dominantObjectColour() == s.objects().get(0).colour();
      boolean background = r.background() == s.background();
      objectOk += object ? 1 : 0;
      backgroundOk += background ? 1 : 0;
      if (!object || !background) {
        out.println("eval: sample " + i + " '" + s.caption() + "' reads as " + r);
      }
    }
    double encObject = byEncoder(b, scenes, images, Attribute.OBJECT_COLOUR);
    double encBackground = byEncoder(b, scenes, images, Attribute.BACKGROUND);
    Report r =
        new Report(
            zs,
            objectOk / (double) scenes.size(),
            backgroundOk / (double) scenes.size(),
            encObject,
            encBackground,
            scenes.size(),
            perSample);
    out.println(
        String.format(
            Locale.ROOT,
            "eval: samples match the prompt's object colour %.1f%%, background %.1f%% (oracle);"
                + " %.1f%% / %.1f%% (image encoder); %.2f s per sample",
            100 * r.sampleObject(),
            100 * r.sampleBackground(),
            100 * encObject,
            100 * encBackground,
            perSample));
    Pictures.grid(
        images.subList(0, Math.min(32, images.size())), 8, 3, c.images().resolve("samples.png"));
    List<float[]> truth = new ArrayList<>();
    for (Scene s : scenes.subList(0, Math.min(32, scenes.size()))) {
      truth.add(dev.editstream.models.world.Renderer.render(s));
    }
    Pictures.grid(truth, 8, 3, c.images().resolve("samples-prompts.png"));
    return r;
  }

  /** Share of samples whose attribute the image encoder reads as the prompt's. */
  private static double byEncoder(
      ModelBundle b, List<Scene> scenes, List<float[]> images, Attribute a) {
    ZeroShot.Encoders enc = encoders(b);
    float[] all = new float[images.size() * Batches.PIXELS];
    for (int i = 0; i < images.size(); i++) {
      System.arraycopy(images.get(i), 0, all, i * Batches.PIXELS, Batches.PIXELS);
    }
    float[][] img = ZeroShot.normalize(enc.image(all, images.size()));
    int ok = 0;
    for (int i = 0; i < scenes.size(); i++) {
      List<String> cands = ZeroShot.candidates(scenes.get(i), a);
      int[][] ids = cands.stream().map(b.tokenizer()::encode).toArray(int[][]::new);
      float[][] txt = ZeroShot.normalize(enc.text(ids));
      int best = 0;
      for (int j = 1; j < txt.length; j++) {
        if (ZeroShot.dot(img[i], txt[j]) > ZeroShot.dot(img[i], txt[best])) {
          best = j;
        }
      }
      ok += cands.get(best).equals(scenes.get(i).caption()) ? 1 : 0;
    }
    return ok / (double) scenes.size();
  }

  private static void writeCard(Config c, BundleManifest m, Report r) throws IOException {
    StringBuilder s = new StringBuilder();
    s.append("# Model card: ").append(m.name()).append(' ').append(m.version()).append("\n\n");
    s.append("Written by `models eval`; do not edit by hand. Variables sha256 `")
        .append(m.variablesSha256())
        .append("`.\n\n");
    s.append("## What it is\n\n");
    s.append(
        "A pixel-space (32x32 RGB, NHWC, [-1, 1]) text-to-image diffusion model of the procedural"
            + " shapes world (`dev.editstream.models.world`), shaped like Stable Diffusion: a"
            + " CLIP-style causal-transformer text encoder and CNN image encoder trained"
            + " contrastively, and an epsilon-predicting UNet with cross-attention to the text"
            + " encoder's per-token output, trained on the frozen text encoder with 10% empty"
            + " prompts. Noise schedule: "
            + m.noiseSchedule().schedule()
            + " betas "
            + m.noiseSchedule().betaStart()
            + " to "
            + m.noiseSchedule().betaEnd()
            + ", T = "
            + m.noiseSchedule().trainTimesteps()
            + ". The contract it is exported to is in `docs/model-bundle.md`.\n\n");
    s.append("## Training\n\n| | value |\n|---|---|\n");
    if (m.training() != null) {
      m.training()
          .forEach((k, v) -> s.append("| ").append(k).append(" | ").append(v).append(" |\n"));
    }
    s.append("\nReproduce from scratch (resumable: re-run after any interruption):\n\n```\n")
        .append("models/bin/train-all /work/train\n")
        .append("models/bin/models export --work-dir /work/train --out models/bundles/shapes32\n")
        .append("models/bin/models eval --bundle models/bundles/shapes32 --work-dir /work/train\n")
        .append("```\n\n");
    s.append("`train-all` runs, with seed 1:\n\n```\n")
        .append(
            "models train-encoders --work-dir /work/train --seed 1 --steps 3000 --batch 128 --lr 1e-3"
                + " --warmup 100\n")
        .append(
            "models train-unet --work-dir /work/train --seed 1 --steps 10000 --batch 32 --lr 5e-4"
                + " --warmup 300\n")
        .append("```\n\n");
    if (c.workDir() != null) {
      for (String phase : List.of(EncoderTraining.DIR, UnetTraining.DIR)) {
        Path dir = c.workDir().resolve(phase);
        TrainState st = TrainState.read(dir);
        if (st == null || !Files.exists(dir.resolve("loss.csv"))) {
          continue;
        }
        double[][] curve = curve(dir.resolve("loss.csv"), 200);
        Pictures.curve(
            phase + " loss", curve[0], curve[1], c.images().resolve("loss-" + phase + ".png"));
        s.append(
            String.format(
                Locale.ROOT,
                "- %s: %d steps in %s of training (batch %d); final loss %.4f (mean of the last"
                    + " 5%%)\n",
                phase,
                st.step(),
                TrainingLoop.duration(st.seconds()),
                st.batch(),
                curve[2][0]));
        s.append("  ![").append(phase).append(" loss](img/loss-").append(phase).append(".png)\n");
      }
      s.append('\n');
    }
    s.append("## Encoders: zero-shot accuracy\n\n");
    s.append(
        "Held-out one-object scenes (seed "
            + c.seed()
            + "), "
            + c.scenes()
            + " per attribute; the caption closest to the image among captions differing only"
            + " in that attribute must be the true one.\n\n| attribute | accuracy | threshold |\n"
            + "|---|---|---|\n");
    for (var e : r.zeroShot().entrySet()) {
      s.append(
          String.format(
              Locale.ROOT,
              "| %s | %.1f%% | %s |\n",
              e.getKey().name().toLowerCase(Locale.ROOT),
              100 * e.getValue(),
              e.getKey() == Attribute.SIZE ? "-" : "≥ 98%"));
    }
    s.append("\n## Text-to-image: 50-step DDIM at guidance 7.5\n\n");
    s.append(
        String.format(
            Locale.ROOT,
            "%d held-out one-object prompts (full captions), one sample each, judged by the pixel"
                + " oracle (`Oracle`: nearest palette colour of the border / non-background pixels)"
                + " and by the image encoder (zero-shot among captions differing only in that"
                + " attribute). %.2f s per sample on this machine (batch of 16 prompts, CFG rows"
                + " included).\n\n| match | oracle | image encoder | threshold (oracle) |\n"
                + "|---|---|---|---|\n| object colour | %.1f%% | %.1f%% | ≥ 90%% |\n"
                + "| background colour | %.1f%% | %.1f%% | ≥ 95%% |\n\n",
            r.samples(),
            r.secondsPerSample(),
            100 * r.sampleObject(),
            100 * r.encoderObject(),
            100 * r.sampleBackground(),
            100 * r.encoderBackground()));
    s.append("Samples (first 32 prompts), and the prompts' scenes rendered by the world:\n\n");
    s.append("![samples](img/samples.png)\n\n![prompts](img/samples-prompts.png)\n\n");
    s.append("Thresholds: ").append(passes(r) ? "all met." : "NOT all met.").append('\n');
    s.append("\n## Limits\n\n");
    s.append(
        "Only the shapes world: 4 shapes, "
            + Colour.objectColours().size()
            + " object colours, "
            + Colour.backgroundColours().size()
            + " background colours, 2 sizes, 1-2 objects, 32x32 pixels, English captions from a"
            + " fixed grammar (unknown words are rejected by the tokenizer).\n");
    Files.createDirectories(c.card().toAbsolutePath().getParent());
    Files.writeString(c.card(), s.toString(), StandardCharsets.UTF_8);
  }

  /** Bucketed means of loss.csv: [steps, losses, {final mean}]. */
  static double[][] curve(Path csv, int buckets) throws IOException {
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    int n = lines.size();
    double[] loss = new double[n];
    double[] step = new double[n];
    for (int i = 0; i < n; i++) {
      String[] f = lines.get(i).split(",");
      step[i] = Double.parseDouble(f[0]);
      loss[i] = Double.parseDouble(f[1]);
    }
    int per = Math.max(1, n / buckets);
    int count = (n + per - 1) / per;
    double[] xs = new double[count];
    double[] ys = new double[count];
    for (int b = 0; b < count; b++) {
      double sum = 0;
      int k = 0;
      for (int i = b * per; i < Math.min(n, (b + 1) * per); i++, k++) {
        sum += loss[i];
      }
      xs[b] = step[Math.min(n, (b + 1) * per) - 1];
      ys[b] = sum / k;
    }
    double tail = 0;
    int from = (int) (n * 0.95);
    for (int i = from; i < n; i++) {
      tail += loss[i];
    }
    return new double[][] {xs, ys, {n - from == 0 ? Double.NaN : tail / (n - from)}};
  }
}
