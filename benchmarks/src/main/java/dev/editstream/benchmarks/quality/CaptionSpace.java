package dev.editstream.benchmarks.quality;

import dev.editstream.models.world.CaptionGrammar;
import dev.editstream.models.world.Scene;
import dev.editstream.models.world.SceneObject;
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
    for (Scene s : CaptionGrammar.scenes()) {
      out.put(s.caption(), key(s));
    }
    return out;
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
