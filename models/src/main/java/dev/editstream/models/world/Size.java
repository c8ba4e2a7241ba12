package dev.editstream.models.world;

import java.util.Locale;

/** Object sizes, each a radius in pixels of the 32x32 image. */
public enum Size {
  SMALL(5f),
  LARGE(8.5f);

  private final float radius;

  Size(float radius) {
    this.radius = radius;
  }

  /** The caption word for this size. */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Radius in pixels. */
  public float radius() {
    return radius;
  }
}
