package dev.editstream.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.editstream.editing.BundleManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The committed bundle (models/bundles/shapes32) loads in this fresh JVM, answers every signature
 * with its documented shapes, denoises deterministically, and stays within the size a repository
 * should carry.
 */
class CommittedBundleIntegrationTest {
  static final Path BUNDLE = Path.of("bundles", "shapes32");

  @Test
  void committedBundleAnswersEverySignature() {
    assertThat(BUNDLE.resolve(BundleManifest.FILE))
        .as("the trained bundle is committed (models/bin/finish-training exports it)")
        .isRegularFile();
    try (ModelBundle b = ModelBundle.load(BUNDLE, BundleOptions.defaults())) {
      BundleManifest m = b.manifest();
      TextEmbedding te = b.embedPrompts(List.of("a large red circle on a blue background", ""));
      assertThat(te.context().shape()).containsExactly(2, m.contextLength(), m.contextDim());
      assertThat(te.pooled().shape()).containsExactly(2, m.textEmbeddingDim());
      FloatTensor x = FloatTensor.zeros(2, 32, 32, 3);
      assertThat(b.embedImage(x).shape()).containsExactly(2, m.textEmbeddingDim());
      assertThat(b.textProjection().shape()).containsExactly(m.contextDim(), m.textEmbeddingDim());
      DenoiseOutput out = b.denoise(x, new int[] {1, 999}, te.context());
      assertThat(out.eps().shape()).containsExactly(2, 32, 32, 3);
      for (BundleManifest.AttentionLayer a : m.attentionLayers()) {
        assertThat(out.attention().get(a.name()).shape())
            .containsExactly(2, a.heads(), a.queries(), a.keys());
      }
      assertThat(b.denoise(x, new int[] {1, 999}, te.context()).eps().values())
          .containsExactly(out.eps().values());
      DenoiseOutput p2p =
          b.denoiseP2p(
              x, new int[] {1, 999}, te.context(), AttentionControl.none(2, m.contextLength()));
      assertThat(p2p.eps().shape()).containsExactly(2, 32, 32, 3);
      ContextGradient g = b.epsVjpContext(x, new int[] {1, 999}, te.context(), x);
      assertThat(g.dContext().shape()).containsExactly(2, m.contextLength(), m.contextDim());
    }
  }

  @Test
  void committedBundleIsAtMost25Megabytes() throws java.io.IOException {
    long bytes;
    try (var files = Files.walk(BUNDLE)) {
      bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
    assertThat(bytes).isPositive().isLessThanOrEqualTo(25L * 1024 * 1024);
  }
}
