package dev.editstream.benchmarks.quality;

/** The kinds of ShapesEdit cases. */
public enum EditKind {
  /** Change one object's colour ("red circle" to "green circle"). */
  OBJECT_COLOUR(false),
  /** Change one object's shape ("circle" to "square"). */
  SHAPE(true),
  /** Change the background colour. */
  BACKGROUND(false),
  /** Same prompt, one object's colour word re-weighted by 2: the image should stay. */
  REWEIGHT(false),
  /** Colour change of one object of possibly two, with the object's mask given. */
  MASKED(false);

  private final boolean structural;

  EditKind(boolean structural) {
    this.structural = structural;
  }

  /**
   * Whether the edit changes the layout (a shape) rather than the appearance (colours, emphasis).
   * Prompt-to-prompt's self-attention injection keeps the source's layout, so structural edits need
   * less of it than appearance edits.
   */
  public boolean structural() {
    return structural;
  }
}
