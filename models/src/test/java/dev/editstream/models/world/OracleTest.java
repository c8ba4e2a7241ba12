package dev.editstream.models.world;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OracleTest {
  @Test
  void readsBackgroundAndObjectColoursOfRenderedScenes() {
    World w = new World(77);
    for (long k = 0; k < 500; k++) {
      Scene s = w.scene(k);
      Oracle.Reading r = Oracle.read(Renderer.render(s));
      assertThat(r.background()).as("scene %s", s).isEqualTo(s.background());
      for (int i = 0; i < s.objects().size(); i++) {
        double visible = 0;
        for (float m : Renderer.mask(s, i)) {
          visible += m;
        }
        if (visible >= 12) {
          assertThat(r.hasObjectColour(s.objects().get(i).colour())).as("scene %s", s).isTrue();
        }
      }
    }
  }

  @Test
  void dominantColourIsTheLargerObject() {
    Scene s =
        new Scene(
            Colour.WHITE,
            java.util.List.of(
                new SceneObject(Shape.SQUARE, Colour.RED, Size.LARGE, 10, 10),
                new SceneObject(Shape.CIRCLE, Colour.BLUE, Size.SMALL, 25, 25)));
    assertThat(Oracle.read(Renderer.render(s)).dominantObjectColour()).isEqualTo(Colour.RED);
  }
}
