package dev.editstream.models.train;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.editstream.editing.BundleException;
import dev.editstream.editing.BundleManifest;
import dev.editstream.models.AttentionControl;
import dev.editstream.models.BundleOptions;
import dev.editstream.models.ContextGradient;
import dev.editstream.models.DenoiseOutput;
import dev.editstream.models.FloatTensor;
import dev.editstream.models.ModelBundle;
import dev.editstream.models.TextEmbedding;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on the tiny configuration: train a few steps with an interruption, check the
 * resumed run matches an uninterrupted one, export, and load the bundle.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrainExportLoadIntegrationTest {
  private Path bundleDir;
  private final PrintStream quiet =
      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

  private TrainConfig config(Path dir, long steps, long maxThisRun) {
    return new TrainConfig(dir, 5, "tiny", steps, 4, 1e-3f, 2, 3600, 1, 1, maxThisRun);
  }

  @BeforeAll
  void trainAndExport(@TempDir Path tmp) throws Exception {
    Path interrupted = tmp.resolve("interrupted");
    EncoderTraining.run(config(interrupted, 4, 2), quiet);
    assertThat(TrainState.read(interrupted.resolve("encoders")).step()).isEqualTo(2);
    EncoderTraining.run(config(interrupted, 4, 0), quiet);
    UnetTraining.run(config(interrupted, 4, 3), quiet);
    UnetTraining.run(config(interrupted, 4, 0), quiet);

    Path straight = tmp.resolve("straight");
    ByteArrayOutputStream trained = new ByteArrayOutputStream();
    EncoderTraining.run(config(straight, 4, 0), new PrintStream(trained, true, UTF_8));
    ByteArrayOutputStream rerun = new ByteArrayOutputStream();
    EncoderTraining.run(config(straight, 4, 0), new PrintStream(rerun, true, UTF_8));
    // re-running a finished phase evaluates the trained weights, not freshly initialised ones
    assertThat(accuracyLine(rerun)).isEqualTo(accuracyLine(trained)).isNotEmpty();
    UnetTraining.run(config(straight, 4, 0), quiet);

    for (String phase : List.of("encoders", "unet")) {
      assertThat(losses(interrupted.resolve(phase))).hasSize(4);
      List<Double> a = losses(interrupted.resolve(phase));
      List<Double> b = losses(straight.resolve(phase));
      for (int i = 0; i < a.size(); i++) {
        assertThat(a.get(i))
            .as(phase + " loss at step " + (i + 1))
            .isCloseTo(b.get(i), within(1e-5));
      }
      assertThat(TrainState.read(interrupted.resolve(phase)).finished()).isTrue();
    }
    bundleDir = tmp.resolve("bundle");
    BundleExport.run(interrupted, bundleDir, "tiny", "0.0.1", quiet);
  }

  private static String accuracyLine(ByteArrayOutputStream out) {
    return out.toString(UTF_8)
        .lines()
        .filter(l -> l.contains("zero-shot accuracy"))
        .findFirst()
        .orElse("");
  }

  private static List<Double> losses(Path dir) throws Exception {
    return Files.readAllLines(dir.resolve("loss.csv")).stream()
        .map(l -> Double.parseDouble(l.split(",")[1]))
        .toList();
  }

  @Test
  void exportedBundleAnswersEverySignatureWithItsDocumentedShapes() {
    try (ModelBundle b = ModelBundle.load(bundleDir, new BundleOptions(1, 1))) {
      BundleManifest m = b.manifest();
      int l = m.contextLength();
      int d = m.contextDim();
      TextEmbedding te = b.embedPrompts(List.of("a large red circle on a blue background", ""));
      assertThat(te.context().shape()).containsExactly(2, l, d);
      assertThat(te.pooled().shape()).containsExactly(2, m.textEmbeddingDim());
      FloatTensor images = noise(2, 32, 32, 3);
      assertThat(b.embedImage(images).shape()).containsExactly(2, m.textEmbeddingDim());
      assertThat(b.encode(images).values()).containsExactly(images.values());
      assertThat(b.decode(images).values()).containsExactly(images.values());
      assertThat(b.textProjection().shape()).containsExactly(d, m.textEmbeddingDim());

      int[] t = {10, 900};
      DenoiseOutput out = b.denoise(images, t, te.context());
      assertThat(out.eps().shape()).containsExactly(2, 32, 32, 3);
      assertThat(out.attention().keySet())
          .containsExactlyElementsOf(m.attentionLayers().stream().map(a -> a.name()).toList());
      for (BundleManifest.AttentionLayer a : m.attentionLayers()) {
        assertThat(out.attention().get(a.name()).shape())
            .containsExactly(2, a.heads(), a.queries(), a.keys());
      }
      // rows of attention probabilities sum to one
      FloatTensor cross = out.attention().get("cross_d16");
      float sum = 0;
      for (int k = 0; k < l; k++) {
        sum += cross.get(k);
      }
      assertThat(sum).isCloseTo(1f, within(1e-4f));

      DenoiseOutput again = b.denoise(images, t, te.context());
      assertThat(again.eps().values()).containsExactly(out.eps().values());

      DenoiseOutput none = b.denoiseP2p(images, t, te.context(), AttentionControl.none(2, l));
      assertThat(none.eps().values())
          .usingComparatorWithPrecision(1e-5f)
          .containsExactly(out.eps().values());

      ContextGradient g = b.epsVjpContext(images, t, te.context(), noise(2, 32, 32, 3));
      assertThat(g.dContext().shape()).containsExactly(2, l, d);
      assertThat(g.eps().values())
          .usingComparatorWithPrecision(1e-5f)
          .containsExactly(out.eps().values());
    }
  }

  @Test
  void injectingTheSourceRowsAttentionMakesTheTargetRowFollowIt() {
    try (ModelBundle b = ModelBundle.load(bundleDir, new BundleOptions(1, 1))) {
      int l = b.manifest().contextLength();
      TextEmbedding te =
          b.embedPrompts(
              List.of(
                  "a large red circle on a blue background",
                  "a large green circle on a blue background"));
      FloatTensor x = noise(1, 32, 32, 3);
      FloatTensor xs = FloatTensor.concat(List.of(x, x));
      int[] t = {500, 500};
      AttentionControl none = AttentionControl.none(2, l);
      float[] alpha = new float[2 * l];
      java.util.Arrays.fill(alpha, l, 2 * l, 1f);
      AttentionControl inject =
          new AttentionControl(
              new int[] {0, 0},
              AttentionControl.none(2, l).tokenMap(),
              FloatTensor.of(alpha, 2, l),
              new float[] {0, 1},
              new float[] {0, 1});
      DenoiseOutput plain = b.denoiseP2p(xs, t, te.context(), none);
      DenoiseOutput injected = b.denoiseP2p(xs, t, te.context(), inject);
      FloatTensor src = plain.attention().get("cross_d8").rows(0, 1);
      assertThat(injected.attention().get("cross_d8").rows(1, 2).values())
          .usingComparatorWithPrecision(1e-6f)
          .containsExactly(src.values());
      assertThat(injected.eps().rows(0, 1).values())
          .usingComparatorWithPrecision(1e-6f)
          .containsExactly(plain.eps().rows(0, 1).values());
    }
  }

  @Test
  void loaderNamesWhatIsWrong(@TempDir Path tmp) throws Exception {
    Path copy = copy(bundleDir, tmp.resolve("wrong-dim"));
    BundleManifest m = BundleManifest.read(copy);
    BundleManifest wider =
        new BundleManifest(
            m.name(),
            m.version(),
            m.variablesSha256(),
            m.imageSize(),
            m.latentShape(),
            m.valueRange(),
            m.layout(),
            m.noiseSchedule(),
            m.tokenizer(),
            m.contextLength(),
            m.contextDim() + 1,
            m.textEmbeddingDim(),
            m.attentionLayers(),
            dev.editstream.models.Contract.signatures(
                m.imageSize(),
                m.latentShape(),
                m.contextLength(),
                m.contextDim() + 1,
                m.textEmbeddingDim(),
                m.attentionLayers()),
            m.training());
    wider.write(copy);
    assertThatThrownBy(() -> ModelBundle.load(copy, new BundleOptions(1, 1)))
        .isInstanceOfSatisfying(
            BundleException.class,
            e -> assertThat(e.reason()).isEqualTo(BundleException.Reason.CONTRACT_VIOLATION))
        .hasMessageContaining(
            "embed_text output 'context' has shape [-1, 16, " + m.contextDim() + "]");

    Path stale = copy(bundleDir, tmp.resolve("stale"));
    Files.write(
        stale.resolve("variables/variables.index"),
        new byte[] {1, 2, 3},
        StandardOpenOption.APPEND);
    assertThatThrownBy(() -> ModelBundle.load(stale, new BundleOptions(1, 1)))
        .isInstanceOfSatisfying(
            BundleException.class,
            e -> assertThat(e.reason()).isEqualTo(BundleException.Reason.CHECKSUM_MISMATCH));

    Path noModel = copy(bundleDir, tmp.resolve("no-model"));
    Files.delete(noModel.resolve("saved_model.pb"));
    assertThatThrownBy(() -> ModelBundle.load(noModel, new BundleOptions(1, 1)))
        .hasMessageContaining("no saved_model.pb");
  }

  @Test
  void callsWithWrongShapesAreRejectedBeforeTensorFlow() {
    try (ModelBundle b = ModelBundle.load(bundleDir, new BundleOptions(1, 1))) {
      assertThatThrownBy(() -> b.embedImage(FloatTensor.zeros(1, 16, 16, 3)))
          .isInstanceOfSatisfying(
              BundleException.class,
              e -> assertThat(e.reason()).isEqualTo(BundleException.Reason.BAD_INPUT))
          .hasMessageContaining("image has shape [1, 16, 16, 3]");
      FloatTensor ctx =
          FloatTensor.zeros(1, b.manifest().contextLength(), b.manifest().contextDim());
      assertThatThrownBy(() -> b.denoise(FloatTensor.zeros(1, 32, 32, 3), new int[] {1000}, ctx))
          .hasMessageContaining("timestep 1000 outside [0, 1000)");
    }
  }

  private static Path copy(Path from, Path to) throws Exception {
    try (var walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Files.copy(p, to.resolve(from.relativize(p).toString()));
      }
    }
    return to;
  }

  private static FloatTensor noise(int... shape) {
    Random r = new Random(3);
    float[] v = new float[FloatTensor.zeros(shape).size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return FloatTensor.of(v, shape);
  }
}
