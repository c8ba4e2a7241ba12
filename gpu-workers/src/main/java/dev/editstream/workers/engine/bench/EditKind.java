package dev.editstream.workers.engine.bench;

/** The kinds of ShapesEdit cases. */
public enum EditKind {
  /** Change one object's colour ("red circle" to "green circle"). */
  OBJECT_COLOUR,
  /** Change one object's shape ("circle" to "square"). */
  SHAPE,
  /** Change the background colour. */
  BACKGROUND,
  /** Same prompt, one object's colour word re-weighted by 2: the image should stay. */
  REWEIGHT,
  /** Colour change of one object of possibly two, with the object's mask given. */
  MASKED
}
