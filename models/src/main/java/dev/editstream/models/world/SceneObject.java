package dev.editstream.models.world;

import java.util.Objects;

/**
 * One object of a scene: what it is and where its centre lies, in pixel coordinates.
 *
 * @param shape its shape
 * @param colour its colour (an object colour)
 * @param size its size
 * @param centreX horizontal centre in pixels
 * @param centreY vertical centre in pixels (down)
 */
public record SceneObject(Shape shape, Colour colour, Size size, float centreX, float centreY) {
  /** Validates the object. */
  public SceneObject {
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(colour, "colour");
    Objects.requireNonNull(size, "size");
    if (!colour.isObjectColour()) {
      throw new IllegalArgumentException(colour + " is not an object colour");
    }
  }

  /** The caption phrase, e.g. "a large red circle" or, without size, "a red circle". */
  public String phrase(boolean withSize) {
    return "a " + (withSize ? size.word() + " " : "") + colour.word() + " " + shape.word();
  }

  SceneObject withColour(Colour c) {
    return new SceneObject(shape, c, size, centreX, centreY);
  }

  SceneObject withShape(Shape s) {
    return new SceneObject(s, colour, size, centreX, centreY);
  }

  SceneObject withSize(Size s) {
    return new SceneObject(shape, colour, s, centreX, centreY);
  }
}
