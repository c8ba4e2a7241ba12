package dev.editstream.workers.engine.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.editstream.models.world.Colour;
import dev.editstream.models.world.Renderer;
import dev.editstream.models.world.Scene;
import dev.editstream.models.world.World;
import dev.editstream.schemas.EditException;
import dev.editstream.schemas.ReasonCode;
import dev.editstream.workers.engine.control.InjectionSchedule;
import dev.editstream.workers.engine.image.Mask;
import dev.editstream.workers.engine.image.RgbImage;
import dev.editstream.workers.engine.inversion.Inversion;
import dev.editstream.workers.engine.inversion.InversionMethod;
import dev.editstream.workers.engine.inversion.Inverter;
import dev.editstream.workers.engine.inversion.NullTextSettings;
import dev.editstream.workers.engine.metric.Psnr;
import dev.editstream.workers.engine.model.DiffusionModel;
import dev.editstream.workers.engine.model.TestModels;
import dev.editstream.workers.engine.schedule.Guidance;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EditorTest {
  static final int STEPS = 8;
  static final Guidance W = new Guidance(7.5);
  static DiffusionModel model;
  static Editor editor;
  static Scene scene;
  static Scene truth;
  static RgbImage image;
  static Inversion inversion;
  static String target;

  @BeforeAll
  static void invert() {
    model = TestModels.model();
    editor = new Editor(model);
    scene = World.sample(new World(5).random(1), 1);
    Colour to = scene.objects().get(0).colour() == Colour.GREEN ? Colour.RED : Colour.GREEN;
    truth = scene.withObjectColour(0, to == scene.background() ? Colour.PINK : to);
    target = truth.caption();
    image = RgbImage.fromModelRange(Renderer.SIZE, Renderer.SIZE, Renderer.render(scene));
    Inverter inverter = new Inverter(model);
    inversion =
        inverter.invert(
            image,
            inverter.parameters(
                InversionMethod.NULL_TEXT,
                scene.caption(),
                STEPS,
                W,
                NullTextSettings.paper().withInnerSteps(3)));
  }

  private static Mask leftHalf() {
    boolean[] in = new boolean[32 * 32];
    for (int p = 0; p < in.length; p++) {
      in[p] = p % 32 < 16;
    }
    return Mask.of(32, 32, in);
  }

  @Test
  void promptToPromptWithAnUnchangedPromptReproducesTheReconstruction() {
    EditResult r =
        editor.edit(
            inversion,
            PromptEdit.replace(scene.caption()).withInjection(new InjectionSchedule(1, 1, 1)));
    assertThat(r.reconstruction()).isPresent();
    assertThat(Psnr.of(r.reconstruction().get(), r.image())).isGreaterThan(60);
    // the reconstruction alone runs at another batch size, so equal up to float rounding only
    assertThat(Psnr.of(r.reconstruction().get(), editor.reconstruct(inversion, W)))
        .isGreaterThan(50);
  }

  @Test
  void plainAndInjectedWordSwapsEachChangeTheImageDifferently() {
    RgbImage rec = editor.reconstruct(inversion, W);
    EditResult plain = editor.edit(inversion, PromptEdit.plainSwap(target));
    EditResult p2p =
        editor.edit(
            inversion, PromptEdit.replace(target).withInjection(new InjectionSchedule(1, 1, 0)));
    assertThat(plain.reconstruction()).isEmpty();
    assertThat(Psnr.of(rec, plain.image())).isLessThan(60);
    assertThat(Psnr.of(rec, p2p.image())).isLessThan(Psnr.CAP_DB);
    assertThat(p2p.image()).isNotEqualTo(plain.image());
    // Which of the two stays closer to the source is a property of the model, measured over the
    // ShapesEdit cases by the quality benchmark, not of one case: on the trained bundle a plain
    // swap
    // of a colour word barely changes a null-text inversion (34.5 dB) and the injected swap does
    // more (30.9 dB), on the tiny test bundle it is the other way round.
  }

  @Test
  void refineReweightAndUnconditionalInjectionEachChangeTheResult() {
    PromptEdit base = PromptEdit.replace(target);
    RgbImage p2p = editor.edit(inversion, base).image();
    String colour = truth.objects().get(0).colour().word();
    RgbImage reweighted = editor.edit(inversion, base.withReweight(Map.of(colour, 3.0))).image();
    RgbImage p2plus =
        editor
            .edit(
                inversion,
                base.withInjection(InjectionSchedule.promptToPrompt().withUnconditionalSelf(1)))
            .image();
    assertThat(reweighted).isNotEqualTo(p2p);
    assertThat(p2plus).isNotEqualTo(p2p);
    String shorter = scene.caption(false, false);
    assertThat(shorter).isNotEqualTo(scene.caption());
    // refinement from the inversion's caption to one with a word less still runs and edits
    RgbImage refined = editor.edit(inversion, PromptEdit.refine(shorter)).image();
    assertThat(refined).isNotEqualTo(p2p);
  }

  @Test
  void userMaskKeepsEverythingOutsideItFromTheSourceBranch() {
    EditResult r = editor.edit(inversion, PromptEdit.plainSwap(target).withUserMask(leftHalf()));
    RgbImage rec = r.reconstruction().orElseThrow();
    assertThat(Psnr.of(rec, r.image(), leftHalf().inverse())).isEqualTo(Psnr.CAP_DB);
    assertThat(Psnr.of(rec, r.image(), leftHalf())).isLessThan(Psnr.CAP_DB);
  }

  @Test
  void localBlendChangesOnlyInsideItsMask() {
    String shape = scene.objects().get(0).shape().word();
    EditResult r =
        editor.edit(
            inversion, PromptEdit.replace(target).withLocalBlend(BlendWords.of(shape, shape)));
    Mask mask = r.blendMask().orElseThrow();
    assertThat(mask.area()).isGreaterThan(0);
    RgbImage rec = r.reconstruction().orElseThrow();
    if (mask.area() < 32 * 32) {
      assertThat(Psnr.of(rec, r.image(), mask.inverse())).isEqualTo(Psnr.CAP_DB);
    }
  }

  @Test
  void separationSplitsTheBlendMaskBetweenTheObjectsWordsAndTheOthers() {
    String colour = scene.objects().get(0).colour().word();
    String shape = scene.objects().get(0).shape().word();
    BlendWords words = BlendWords.of(colour, truth.objects().get(0).colour().word());
    Mask whole = blendMask(words);
    Mask object =
        blendMask(words.separatedBy(new BlendSeparation(List.of(shape), List.of("background"))));
    Mask rest =
        blendMask(words.separatedBy(new BlendSeparation(List.of("background"), List.of(shape))));
    // the source branch, and so its maps, do not depend on the blend: the two sides tile the mask
    assertThat(object.union(rest)).isEqualTo(whole);
    assertThat(object.area() + rest.area()).isLessThan(2 * whole.area());
  }

  @Test
  void separationOnAWordTheSourcePromptLacksIsRefusedByName() {
    String colour = scene.objects().get(0).colour().word();
    BlendWords words =
        BlendWords.of(colour, truth.objects().get(0).colour().word())
            .separatedBy(new BlendSeparation(List.of("hexagon"), List.of("background")));
    assertThatThrownBy(
            () -> editor.edit(inversion, PromptEdit.replace(target).withLocalBlend(words)))
        .isInstanceOfSatisfying(
            EditException.class,
            e -> assertThat(e.reason()).isEqualTo(ReasonCode.MASK_WORD_NOT_IN_CAPTION))
        .hasMessageContaining("'hexagon'")
        .hasMessageContaining(scene.caption());
  }

  private static Mask blendMask(BlendWords words) {
    return editor
        .edit(inversion, PromptEdit.replace(target).withLocalBlend(words))
        .blendMask()
        .orElseThrow();
  }

  @Test
  void sdEditIsSeededAndStrengthControlsTheChange() {
    SdEdit weak = new SdEdit(target, 0.3, STEPS, W, 11);
    SdEdit strong = new SdEdit(target, 0.9, STEPS, W, 11);
    RgbImage a = editor.sdEdit(image, weak).image();
    assertThat(editor.sdEdit(image, weak).image()).isEqualTo(a);
    assertThat(editor.sdEdit(image, new SdEdit(target, 0.3, STEPS, W, 12)).image()).isNotEqualTo(a);
    assertThat(Psnr.of(image, a))
        .isGreaterThan(Psnr.of(image, editor.sdEdit(image, strong).image()));
  }

  @Test
  void concurrentEditsGiveTheSameBytesAsSequentialOnes() throws Exception {
    PromptEdit e = PromptEdit.replace(target);
    byte[] expected = editor.edit(inversion, e).image().toPng();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<byte[]>> runs =
          pool.invokeAll(
              List.of(
                  () -> editor.edit(inversion, e).image().toPng(),
                  () -> editor.edit(inversion, e).image().toPng()));
      for (Future<byte[]> f : runs) {
        assertThat(f.get()).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
