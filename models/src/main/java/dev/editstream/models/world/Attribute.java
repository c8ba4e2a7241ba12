package dev.editstream.models.world;

/** An attribute of a scene that an edit can change while the geometry stays the same. */
public enum Attribute {
  OBJECT_COLOUR,
  SHAPE,
  SIZE,
  BACKGROUND
}
