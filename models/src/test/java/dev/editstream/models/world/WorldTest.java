package dev.editstream.models.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class WorldTest {
  @Test
  void sceneKDependsOnlyOnSeedAndK() {
    World a = new World(9);
    World b = new World(9);
    for (long k = 0; k < 50; k++) {
      assertThat(a.scene(k)).isEqualTo(b.scene(k));
      assertThat(Renderer.render(a.scene(k))).containsExactly(Renderer.render(b.scene(k)));
    }
    assertThat(new World(10).scene(0)).isNotEqualTo(a.scene(0));
  }

  @Test
  void scenesCoverTheWorldAndNeverPaintAnObjectTheBackgroundColour() {
    World w = new World(1);
    java.util.Set<Object> seen = new java.util.HashSet<>();
    int two = 0;
    for (long k = 0; k < 2000; k++) {
      Scene s = w.scene(k);
      two += s.objects().size() == 2 ? 1 : 0;
      seen.add(s.background());
      for (SceneObject o : s.objects()) {
        assertThat(o.colour()).isNotEqualTo(s.background());
        seen.add(o.shape());
        seen.add(o.colour());
        seen.add(o.size());
      }
    }
    assertThat(two).isBetween(600, 1000);
    assertThat(seen).containsAll(List.of(Shape.values())).containsAll(List.of(Size.values()));
    assertThat(seen).containsAll(Colour.objectColours()).containsAll(Colour.backgroundColours());
    assertThat(Colour.objectColours()).hasSizeGreaterThanOrEqualTo(6);
    assertThat(Colour.backgroundColours()).hasSizeGreaterThanOrEqualTo(5);
  }

  @Test
  void captionsFollowTheGrammar() {
    SceneObject red = new SceneObject(Shape.CIRCLE, Colour.RED, Size.LARGE, 10, 10);
    SceneObject green = new SceneObject(Shape.SQUARE, Colour.GREEN, Size.SMALL, 22, 22);
    assertThat(new Scene(Colour.BLUE, List.of(red)).caption())
        .isEqualTo("a large red circle on a blue background");
    assertThat(new Scene(Colour.WHITE, List.of(red, green)).caption(false, true))
        .isEqualTo("a red circle and a small green square on a white background");
  }

  @Test
  void groundTruthEditsKeepTheGeometry() {
    Scene s = new World(3).scene(4);
    SceneObject o = s.objects().get(0);
    Colour other = World.pickObjectColour(new java.util.SplittableRandom(1), s.background());
    for (Scene edited :
        List.of(
            s.withObjectColour(0, other),
            s.withShape(0, Shape.TRIANGLE),
            s.withSize(0, Size.SMALL),
            s.withBackground(s.background() == Colour.GRAY ? Colour.BLACK : Colour.GRAY))) {
      SceneObject e = edited.objects().get(0);
      assertThat(e.centreX()).isEqualTo(o.centreX());
      assertThat(e.centreY()).isEqualTo(o.centreY());
      assertThat(edited.objects()).hasSameSizeAs(s.objects());
    }
    // a colour edit changes only pixels of the object's mask
    Scene recoloured = s.withObjectColour(0, other);
    float[] before = Renderer.render(s);
    float[] after = Renderer.render(recoloured);
    float[] mask = Renderer.mask(s, 0);
    for (int p = 0; p < mask.length; p++) {
      if (mask[p] == 0) {
        for (int c = 0; c < 3; c++) {
          assertThat(after[3 * p + c]).isEqualTo(before[3 * p + c]);
        }
      }
    }
  }

  @Test
  void aBindingTwinExchangesTheColoursOfTwoDifferentObjects() {
    SceneObject circle = new SceneObject(Shape.CIRCLE, Colour.RED, Size.LARGE, 10, 10);
    SceneObject square = new SceneObject(Shape.SQUARE, Colour.BLUE, Size.SMALL, 22, 22);
    Scene s = new Scene(Colour.WHITE, List.of(circle, square));
    assertThat(s.bindingTwin().orElseThrow().caption())
        .isEqualTo("a large blue circle and a small red square on a white background");
    assertThat(s.bindingTwin().orElseThrow().bindingTwin()).contains(s);
    // no twin when exchanging colours would give the same scene, or there is nothing to exchange
    assertThat(new Scene(Colour.WHITE, List.of(circle)).bindingTwin()).isEmpty();
    assertThat(
            new Scene(Colour.WHITE, List.of(circle, square.withColour(Colour.RED))).bindingTwin())
        .isEmpty();
    assertThat(
            new Scene(Colour.WHITE, List.of(circle, square.withShape(Shape.CIRCLE))).bindingTwin())
        .isEmpty();
  }

  @Test
  void rendersAntiAliasedImagesInRange() {
    Scene s =
        new Scene(
            Colour.BLACK,
            List.of(new SceneObject(Shape.CIRCLE, Colour.YELLOW, Size.LARGE, 16.3f, 15.7f)));
    float[] img = Renderer.render(s);
    assertThat(img).hasSize(32 * 32 * 3);
    float[] mask = Renderer.mask(s, 0);
    long partial = 0;
    for (float m : mask) {
      partial += m > 0 && m < 1 ? 1 : 0;
    }
    assertThat(partial).as("edge pixels with partial coverage").isGreaterThan(10);
    for (float v : img) {
      assertThat(v).isBetween(-1f, 1f);
    }
  }

  @Test
  void invalidScenesAreRejected() {
    SceneObject red = new SceneObject(Shape.CIRCLE, Colour.RED, Size.LARGE, 10, 10);
    assertThatThrownBy(() -> new Scene(Colour.RED, List.of(red)))
        .hasMessageContaining("not a background colour");
    assertThatThrownBy(() -> new Scene(Colour.WHITE, List.of()))
        .hasMessageContaining("1 or 2 objects");
  }
}
