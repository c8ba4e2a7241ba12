package dev.editstream.benchmarks.quality;

import dev.editstream.models.world.Colour;
import dev.editstream.models.world.Scene;
import dev.editstream.models.world.SceneObject;
import dev.editstream.models.world.Shape;
import dev.editstream.models.world.Size;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every caption the world's grammar produces (one or two objects, sizes included), each with its
 * attribute key: background plus the objects' (colour, shape) pairs, order and size ignored.
 */
final class CaptionSpace {
  private CaptionSpace() {}

  /** Caption to attribute key, in a fixed order. */
  static Map<String, String> all() {
    Map<String, String> out = new LinkedHashMap<>();
    List<SceneObject> phrases = new ArrayList<>();
    for (Size s : Size.values()) {
      for (Colour c : Colour.objectColours()) {
        for (Shape sh : Shape.values()) {
          phrases.add(new SceneObject(sh, c, s, 0, 0));
        }
      }
    }
    for (Colour bg : Colour.backgroundColours()) {
      List<SceneObject> allowed = phrases.stream().filter(o -> o.colour() != bg).toList();
      for (SceneObject a : allowed) {
        add(out, new Scene(bg, List.of(a)));
        for (SceneObject b : allowed) {
          add(out, new Scene(bg, List.of(a, b)));
        }
      }
    }
    return out;
  }

  private static void add(Map<String, String> out, Scene s) {
    out.put(s.caption(), key(s));
  }

  /** The attribute key of a scene. */
  static String key(Scene s) {
    List<String> objs = new ArrayList<>();
    for (SceneObject o : s.objects()) {
      objs.add(o.colour().word() + " " + o.shape().word());
    }
    objs.sort(null);
    return s.background().word() + ":" + String.join(",", objs);
  }
}
