package dev.editstream.models.world;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A scene: a background colour and one or two objects, drawn in list order. Edits return a new
 * scene with the same geometry (object centres), which renders to the ground truth of that edit.
 *
 * @param background the background colour
 * @param objects the objects, drawn first to last
 */
public record Scene(Colour background, List<SceneObject> objects) {
  /** Validates the scene: 1 or 2 objects, none the colour of the background. */
  public Scene {
    Objects.requireNonNull(background, "background");
    objects = List.copyOf(objects);
    if (!background.isBackgroundColour()) {
      throw new IllegalArgumentException(background + " is not a background colour");
    }
    if (objects.isEmpty() || objects.size() > 2) {
      throw new IllegalArgumentException("a scene holds 1 or 2 objects, not " + objects.size());
    }
    for (SceneObject o : objects) {
      if (o.colour() == background) {
        throw new IllegalArgumentException("object colour equals the background " + background);
      }
    }
  }

  /** The full caption, sizes included: "a large red circle on a blue background". */
  public String caption() {
    return caption(true, true);
  }

  /**
   * The caption with or without each object's size word, e.g. "a red circle and a small green
   * square on a white background".
   */
  public String caption(boolean firstSize, boolean secondSize) {
    StringBuilder s = new StringBuilder(objects.get(0).phrase(firstSize));
    if (objects.size() == 2) {
      s.append(" and ").append(objects.get(1).phrase(secondSize));
    }
    return s.append(" on a ").append(background.word()).append(" background").toString();
  }

  /** Ground truth for a background change. */
  public Scene withBackground(Colour c) {
    return new Scene(c, objects);
  }

  /**
   * The same scene with the two objects' colours exchanged ("a red circle and a blue square"
   * becomes "a blue circle and a red square"): the same words, bound differently. Empty when that
   * is not a different scene (one object, or equal colours or shapes).
   */
  public Optional<Scene> bindingTwin() {
    if (objects.size() != 2) {
      return Optional.empty();
    }
    SceneObject a = objects.get(0);
    SceneObject b = objects.get(1);
    if (a.colour() == b.colour() || a.shape() == b.shape()) {
      return Optional.empty();
    }
    return Optional.of(withObjectColour(0, b.colour()).withObjectColour(1, a.colour()));
  }

  /** Ground truth for a colour change of object {@code i}. */
  public Scene withObjectColour(int i, Colour c) {
    return replace(i, objects.get(i).withColour(c));
  }

  /** Ground truth for a shape change of object {@code i}. */
  public Scene withShape(int i, Shape s) {
    return replace(i, objects.get(i).withShape(s));
  }

  /** Ground truth for a size change of object {@code i} (same centre). */
  public Scene withSize(int i, Size s) {
    return replace(i, objects.get(i).withSize(s));
  }

  private Scene replace(int i, SceneObject o) {
    List<SceneObject> copy = new ArrayList<>(objects);
    copy.set(i, o);
    return new Scene(background, copy);
  }
}
