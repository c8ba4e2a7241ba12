package dev.editstream.models.world;

import java.util.Locale;

/** The object shapes, each a point-membership test in units of the object's radius. */
public enum Shape {
  CIRCLE {
    @Override
    boolean contains(float u, float v) {
      return u * u + v * v <= 1f;
    }
  },
  SQUARE {
    @Override
    boolean contains(float u, float v) {
      return Math.abs(u) <= 0.85f && Math.abs(v) <= 0.85f;
    }
  },
  TRIANGLE {
    @Override
    boolean contains(float u, float v) {
      // apex at the top (v = -1), base at v = 0.75 spanning u in [-1, 1]
      return v <= 0.75f && v >= -1f && Math.abs(u) <= (v + 1f) / 1.75f;
    }
  },
  DIAMOND {
    @Override
    boolean contains(float u, float v) {
      return Math.abs(u) + Math.abs(v) <= 1.12f;
    }
  };

  /** The caption word for this shape. */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether the point (u, v), in radius units from the centre (v down), lies inside the shape. */
  abstract boolean contains(float u, float v);
}
