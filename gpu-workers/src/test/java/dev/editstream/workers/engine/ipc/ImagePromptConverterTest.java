package dev.editstream.workers.engine.ipc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.editstream.editing.Tokenizer;
import dev.editstream.models.FloatTensor;
import dev.editstream.models.world.Renderer;
import dev.editstream.models.world.Scene;
import dev.editstream.models.world.World;
import dev.editstream.workers.engine.edit.Editor;
import dev.editstream.workers.engine.image.RgbImage;
import dev.editstream.workers.engine.metric.ClipScore;
import dev.editstream.workers.engine.model.DiffusionModel;
import dev.editstream.workers.engine.model.TestModels;
import dev.editstream.workers.engine.schedule.Guidance;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ImagePromptConverterTest {
  static DiffusionModel model;
  static ImagePromptConverter converter;
  static List<String> captions = new ArrayList<>();
  static RgbImage image;

  @BeforeAll
  static void build() {
    model = TestModels.model();
    World w = new World(31);
    for (int k = 0; k < 64; k++) {
      captions.add(w.scene(k).caption());
    }
    converter = ImagePromptConverter.create(model, captions, 1e-6);
    Scene s = w.scene(100);
    image = RgbImage.fromModelRange(Renderer.SIZE, Renderer.SIZE, Renderer.render(s));
  }

  /** pooled = eos · W_t for a token-space vector. */
  private static float[] project(float[] eos) {
    FloatTensor wt = model.textProjection();
    float[] out = new float[wt.dim(1)];
    for (int i = 0; i < wt.dim(0); i++) {
      for (int j = 0; j < wt.dim(1); j++) {
        out[j] += eos[i] * wt.get(i * wt.dim(1) + j);
      }
    }
    return out;
  }

  @Test
  void convertedEmbeddingProjectsBackOntoTheImageEmbeddingWithTheTextNorm() {
    float[] f = converter.convert(image);
    float[] img = model.embedImages(List.of(image))[0];
    float[] back = project(f);
    assertThat(ClipScore.cosine(back, img)).isCloseTo(1.0, within(1e-3));
    assertThat(ImagePromptConverter.norm(back))
        .isCloseTo(converter.textNorm(), within(1e-2 * converter.textNorm()));
  }

  @Test
  void aConvertedCaptionIsItsEosVectorLessWhatNoConvertedImageHas() {
    // the token-space captioner's key: the EOS vector projected onto the converter's reach
    String text = captions.get(0);
    int[] ids = model.tokenizer().encode(text);
    int d = model.contextDim();
    int at = Tokenizer.eosPosition(ids);
    float[] eos = Arrays.copyOfRange(model.context(text), at * d, (at + 1) * d);
    ImagePromptConverter cut =
        ImagePromptConverter.create(model, captions, ImagePromptConverter.DEFAULT_RELATIVE_CUT);
    float[] key = cut.convertEmbedding(project(eos));
    double scale = dot(key, eos) / dot(key, key);
    float[] residual = new float[d];
    for (int i = 0; i < d; i++) {
      residual[i] = (float) (eos[i] - scale * key[i]);
    }
    float[] f = cut.convert(image);
    double eosNorm = Math.sqrt(dot(eos, eos));
    assertThat(Math.sqrt(dot(residual, residual))).isGreaterThan(1e-3 * eosNorm);
    assertThat(dot(f, residual) / (Math.sqrt(dot(f, f)) * eosNorm)).isCloseTo(0.0, within(1e-4));
    assertThat(dot(key, residual) / (Math.sqrt(dot(key, key)) * eosNorm))
        .isCloseTo(0.0, within(1e-4));
    assertThat(dot(key, eos)).isPositive();
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
  }

  @Test
  void pseudoPromptIsTheStartTokenThenTheConvertedEmbeddingEverywhere() {
    int d = model.contextDim();
    float[] ctx = converter.pseudoPrompt(image);
    float[] f = converter.convert(image);
    assertThat(ctx).hasSize(model.contextLength() * d);
    assertThat(Arrays.copyOfRange(ctx, 0, d))
        .containsExactly(Arrays.copyOfRange(model.context(""), 0, d));
    for (int p = 1; p < model.contextLength(); p++) {
      assertThat(Arrays.copyOfRange(ctx, p * d, (p + 1) * d)).containsExactly(f);
    }
  }

  @Test
  void imageAndTextPromptKeepsTheWordsAndMixesFromTheEosOn() {
    String text = "a red circle on a blue background";
    int d = model.contextDim();
    int eos = Tokenizer.eosPosition(model.tokenizer().encode(text));
    float[] plain = model.context(text);
    float[] mixed = converter.withText(image, text, 0.5);
    assertThat(Arrays.copyOfRange(mixed, 0, eos * d))
        .containsExactly(Arrays.copyOfRange(plain, 0, eos * d));
    float[] f = converter.convert(image);
    for (int i = 0; i < d; i++) {
      assertThat(mixed[eos * d + i]).isCloseTo(f[i] + 0.5f * plain[eos * d + i], within(1e-5f));
    }
    assertThat(converter.withText(image, text, 1.0)).isNotEqualTo(mixed);
  }

  @Test
  void variationsAreSeededAndCaptionsComeFromTheCandidates() {
    Editor editor = new Editor(model);
    float[] ctx = converter.pseudoPrompt(image);
    RgbImage a = editor.generate(ctx, 5, new Guidance(3), 1);
    assertThat(editor.generate(ctx, 5, new Guidance(3), 1)).isEqualTo(a);
    assertThat(editor.generate(ctx, 5, new Guidance(3), 2)).isNotEqualTo(a);
    ZeroShotCaptioner captioner = new ZeroShotCaptioner(model, converter, captions);
    assertThat(captions).contains(captioner.caption(image, ZeroShotCaptioner.Space.TOKEN));
    assertThat(captions).contains(captioner.caption(image, ZeroShotCaptioner.Space.CLIP));
  }

  @Test
  void aCandidatesOwnSceneIsCaptionedWithItInBothSpaces() {
    ZeroShotCaptioner captioner =
        new ZeroShotCaptioner(
            model,
            ImagePromptConverter.create(model, captions, ImagePromptConverter.DEFAULT_RELATIVE_CUT),
            captions);
    World w = new World(31);
    int checked = 0;
    for (int k = 0; k < captions.size() && checked < 3; k++) {
      Scene s = w.scene(k);
      if (s.objects().size() == 1) {
        RgbImage img = RgbImage.fromModelRange(Renderer.SIZE, Renderer.SIZE, Renderer.render(s));
        assertThat(captioner.caption(img, ZeroShotCaptioner.Space.TOKEN)).isEqualTo(s.caption());
        assertThat(captioner.caption(img, ZeroShotCaptioner.Space.CLIP)).isEqualTo(s.caption());
        checked++;
      }
    }
    assertThat(checked).isEqualTo(3);
  }
}
