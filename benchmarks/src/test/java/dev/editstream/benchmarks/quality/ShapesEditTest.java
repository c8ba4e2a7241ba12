package dev.editstream.benchmarks.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.editstream.models.world.Colour;
import dev.editstream.models.world.Scene;
import dev.editstream.models.world.SceneObject;
import dev.editstream.models.world.Shape;
import dev.editstream.models.world.Size;
import dev.editstream.models.world.World;
import dev.editstream.workers.engine.control.InjectionSchedule;
import dev.editstream.workers.engine.control.LocalBlend;
import dev.editstream.workers.engine.edit.BlendSeparation;
import dev.editstream.workers.engine.image.RgbImage;
import dev.editstream.workers.engine.inversion.NullTextSettings;
import dev.editstream.workers.engine.metric.Psnr;
import dev.editstream.workers.engine.schedule.Guidance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShapesEditTest {
  private static final List<EditCase> CASES = ShapesEdit.cases(4242, 200);
  private static final LocalBlend APPEARANCE_BLEND =
      new LocalBlend(0.5, 0.2, LocalBlend.Normalisation.MIN_MAX, LocalBlend.Footprint.SOURCE);

  @Test
  void twoHundredCasesCoverEveryKindAndAreDeterministic() {
    assertThat(CASES).hasSize(200);
    Map<EditKind, Long> perKind =
        CASES.stream().collect(Collectors.groupingBy(EditCase::kind, Collectors.counting()));
    assertThat(perKind).hasSize(5).containsValues(40L);
    assertThat(ShapesEdit.cases(4242, 200).get(17).targetPrompt())
        .isEqualTo(CASES.get(17).targetPrompt());
  }

  @Test
  void eachCaseChangesOnlyItsRegionAndItsPromptSaysSo() {
    for (EditCase c : CASES) {
      assertThat(Psnr.of(c.sourceImage(), c.truthImage(), c.region().inverse()))
          .as("case %d outside region", c.id())
          .isEqualTo(Psnr.CAP_DB);
      if (c.kind() == EditKind.REWEIGHT) {
        assertThat(c.targetPrompt()).isEqualTo(c.sourcePrompt());
        assertThat(c.reweight()).hasSize(1);
      } else {
        assertThat(c.targetPrompt()).isNotEqualTo(c.sourcePrompt());
        assertThat(c.sourcePrompt().split(" ")).hasSameSizeAs(c.targetPrompt().split(" "));
        assertThat(Psnr.of(c.sourceImage(), c.truthImage())).isLessThan(40);
      }
      assertThat(c.sourcePrompt()).contains(c.sourceWord());
      assertThat(c.targetPrompt()).contains(c.targetWord());
    }
  }

  @Test
  void shapeSwapsTakeTheStructureInjectionAndEveryOtherKindTheAppearanceOne() {
    InjectionSchedule appearance = new InjectionSchedule(0.4, 1.0, 0);
    InjectionSchedule structure = InjectionSchedule.promptToPrompt();
    var settings = settings(appearance, structure);
    for (EditKind k : EditKind.values()) {
      assertThat(settings.injection(k)).isEqualTo(k == EditKind.SHAPE ? structure : appearance);
      assertThat(settings.blend(k))
          .isEqualTo(k == EditKind.SHAPE ? LocalBlend.defaults() : APPEARANCE_BLEND);
    }
    assertThatThrownBy(() -> settings(InjectionSchedule.none(), structure))
        .hasMessageContaining("cross > 0");
  }

  private static QualityBenchmark.Settings settings(
      InjectionSchedule appearance, InjectionSchedule structure) {
    return new QualityBenchmark.Settings(
        20,
        new Guidance(7.5),
        0.6,
        NullTextSettings.paper(),
        4242,
        8,
        200,
        appearance,
        structure,
        APPEARANCE_BLEND);
  }

  @Test
  void twoObjectRecolouringsSeparateTheEditedObjectByTheWordsThatDiffer() {
    int separated = 0;
    for (EditCase c : CASES) {
      boolean recolours = c.kind() == EditKind.OBJECT_COLOUR || c.kind() == EditKind.MASKED;
      if (!recolours || c.source().objects().size() == 1) {
        assertThat(c.separation()).as("case %d", c.id()).isEmpty();
        continue;
      }
      var objects = c.source().objects();
      if (c.separation().isEmpty()) {
        // only twins, alike in colour, shape and size, have no words to tell them apart
        assertThat(objects.get(0).phrase(true)).isEqualTo(objects.get(1).phrase(true));
        continue;
      }
      BlendSeparation s = c.separation().orElseThrow();
      separated++;
      assertThat(s.objectWords())
          .as("case %d", c.id())
          .hasSameSizeAs(s.otherWords())
          .doesNotContainAnyElementsOf(s.otherWords());
      assertThat(c.sourcePrompt().split(" "))
          .contains(s.objectWords().toArray(String[]::new))
          .contains(s.otherWords().toArray(String[]::new));
    }
    // every masked case has two objects, and so do some colour swaps
    assertThat(separated).isGreaterThan(40);
  }

  @Test
  void separationNamesTheDifferingAttributesOrTheSizesWhenNoneDiffers() {
    SceneObject triangle = new SceneObject(Shape.TRIANGLE, Colour.PINK, Size.SMALL, 8, 8);
    SceneObject diamond = new SceneObject(Shape.DIAMOND, Colour.PINK, Size.LARGE, 22, 22);
    assertThat(ShapesEdit.separation(new Scene(Colour.GRAY, List.of(triangle, diamond)), 1))
        .contains(new BlendSeparation(List.of("diamond"), List.of("triangle")));
    SceneObject twin = new SceneObject(Shape.TRIANGLE, Colour.PINK, Size.LARGE, 22, 22);
    assertThat(ShapesEdit.separation(new Scene(Colour.GRAY, List.of(triangle, twin)), 0))
        .contains(new BlendSeparation(List.of("small"), List.of("large")));
    SceneObject red = new SceneObject(Shape.DIAMOND, Colour.RED, Size.LARGE, 22, 22);
    assertThat(ShapesEdit.separation(new Scene(Colour.GRAY, List.of(triangle, red)), 0))
        .contains(new BlendSeparation(List.of("pink", "triangle"), List.of("red", "diamond")));
    assertThat(ShapesEdit.separation(new Scene(Colour.GRAY, List.of(triangle)), 0)).isEmpty();
  }

  @Test
  void swapsBlendOnTheWordTheyChange() {
    for (EditCase c : CASES) {
      String[] from = c.sourcePrompt().split(" ");
      String[] to = c.targetPrompt().split(" ");
      for (int w = 0; w < from.length; w++) {
        if (!from[w].equals(to[w])) {
          assertThat(from[w]).as("case %d", c.id()).isEqualTo(c.sourceWord());
          assertThat(to[w]).as("case %d", c.id()).isEqualTo(c.targetWord());
        }
      }
    }
  }

  @Test
  void attributeCheckAcceptsTheTruthAndRejectsTheUneditedSource() {
    for (EditCase c : CASES) {
      assertThat(AttributeCheck.correct(c, c.truthImage())).as("case %d truth", c.id()).isTrue();
      if (c.kind() != EditKind.REWEIGHT) {
        assertThat(AttributeCheck.correct(c, c.sourceImage()))
            .as("case %d source", c.id())
            .isFalse();
      }
    }
  }

  @Test
  void captionSpaceHoldsEveryWorldCaption() {
    Map<String, String> space = CaptionSpace.all();
    assertThat(space).hasSize(11976);
    World w = new World(9);
    for (int k = 0; k < 300; k++) {
      var s = w.scene(k);
      assertThat(space).containsEntry(s.caption(), CaptionSpace.key(s));
    }
    assertThat(Set.copyOf(space.values()).size()).isLessThan(space.size());
  }

  @Test
  void reportAndGridRenderAnOutcome(@TempDir Path dir) throws Exception {
    EditCase c = CASES.get(0);
    Map<Method, RgbImage> images = new EnumMap<>(Method.class);
    for (Method m : Method.values()) {
      images.put(m, c.truthImage());
    }
    List<CaseScore> scores =
        List.of(
            new CaseScore(
                Method.NTI_P2P_BLEND,
                c.kind(),
                c.source().objects().size(),
                30,
                0.9,
                40,
                0.95,
                true,
                25,
                0.2,
                2.0,
                1.9),
            colourSwap(Method.NTI_MASKED, 1, true),
            colourSwap(Method.NTI_MASKED, 2, false),
            colourSwap(Method.NTI_MASKED, 2, true),
            colourSwap(Method.PLANNED, 1, true));
    var outcome =
        new QualityBenchmark.Outcome(
            scores,
            List.of(new QualityBenchmark.Reconstruction(20, 32, 0.8, 0.95, 0.5, 5)),
            List.of(new QualityBenchmark.GridRow(c, images)),
            new QualityBenchmark.IpcOutcome(10, 0.9, 0.5, 1.0, 0.6, 3.2, 11976),
            60.0);
    String md = QualityReport.render("# header\n", outcome, "img/grid.png");
    assertThat(md)
        .contains(
            "| null-text + P2P + local blend | 30.00 | 0.900 | 40.00 | 0.950 | 100.0% | 25.0 | 0.200 | 2.00 | 5.0% |")
        .contains(
            "| null-text + P2P + user mask | 66.7% | 1 / 1 (100.0%) | 1 / 2 (50.0%) | 35.00 | 25.00 |")
        .contains("| null-text | 32.00 | 0.950 | 5.00 |")
        .contains("| token space (SD-IPC converter) | 90.0% | 50.0% |")
        .contains("![ShapesEdit grid](img/grid.png)")
        .contains("| null-text over DDIM reconstruction | 12.00 dB | ≥ 3.00 dB | met |")
        .contains("| planner's colour swaps: colour accuracy | 100.0% | ≥ 90.0% | met |")
        .contains(
            "| planner's colour swaps: PSNR outside the object | 35.00 dB | ≥ 30.00 dB | met |")
        .contains(
            "| SD-IPC captions (token space): attributes match | 90.0% | ≥ 95.0% | **not met** |");
    assertThat(QualityThresholds.check(outcome).met()).isFalse();
    assertThat(QualityThresholds.check(outcome).summary())
        .isEqualTo("quality thresholds: 1 of 6 NOT met");
    Path png = dir.resolve("g/grid.png");
    ImageGrid.write(outcome.grid(), png);
    RgbImage grid = RgbImage.fromPng(Files.readAllBytes(png));
    assertThat(grid.width()).isGreaterThan(8 * 96);
  }

  private static CaseScore colourSwap(Method m, int objects, boolean correct) {
    return new CaseScore(
        m, EditKind.OBJECT_COLOUR, objects, 25, 0.8, 35, 0.9, correct, 20, 0.1, 3.0, 2.9);
  }
}
