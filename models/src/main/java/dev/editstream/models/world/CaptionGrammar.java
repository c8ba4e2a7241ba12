package dev.editstream.models.world;

import java.util.ArrayList;
import java.util.List;

/**
 * Every scene the world's caption grammar describes, one per caption: one or two objects (sizes
 * included) on a background of another colour. The zero-shot captioner's candidates and the quality
 * benchmark's caption space.
 */
public final class CaptionGrammar {

  private CaptionGrammar() {}

  /** The scenes, in a fixed order (objects at the centre: only their caption matters). */
  public static List<Scene> scenes() {
    List<SceneObject> phrases = new ArrayList<>();
    for (Size s : Size.values()) {
      for (Colour c : Colour.objectColours()) {
        for (Shape sh : Shape.values()) {
          phrases.add(new SceneObject(sh, c, s, 0, 0));
        }
      }
    }
    List<Scene> out = new ArrayList<>();
    for (Colour bg : Colour.backgroundColours()) {
      List<SceneObject> allowed = phrases.stream().filter(o -> o.colour() != bg).toList();
      for (SceneObject a : allowed) {
        out.add(new Scene(bg, List.of(a)));
        for (SceneObject b : allowed) {
          out.add(new Scene(bg, List.of(a, b)));
        }
      }
    }
    return out;
  }

  /** Every caption, in the order of {@link #scenes()}, without repeats. */
  public static List<String> captions() {
    return scenes().stream().map(Scene::caption).distinct().toList();
  }
}
