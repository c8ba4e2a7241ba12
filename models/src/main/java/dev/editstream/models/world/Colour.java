package dev.editstream.models.world;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The world's palette. Object colours and background colours are separate (partly overlapping)
 * sets; every colour is far from every other in RGB so a nearest-colour oracle reads them reliably.
 */
public enum Colour {
  RED(220, 30, 30, true, false),
  GREEN(30, 170, 50, true, true),
  BLUE(30, 70, 220, true, true),
  YELLOW(240, 215, 30, true, true),
  PURPLE(140, 50, 190, true, false),
  PINK(250, 130, 200, true, false),
  WHITE(245, 245, 245, false, true),
  BLACK(20, 20, 20, false, true),
  GRAY(128, 128, 128, false, true);

  private final int r;
  private final int g;
  private final int b;
  private final boolean object;
  private final boolean background;

  Colour(int r, int g, int b, boolean object, boolean background) {
    this.r = r;
    this.g = g;
    this.b = b;
    this.object = object;
    this.background = background;
  }

  /** The caption word for this colour. */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Red, green, blue in [0, 1]. */
  public float[] rgb() {
    return new float[] {r / 255f, g / 255f, b / 255f};
  }

  /** Whether objects may have this colour. */
  public boolean isObjectColour() {
    return object;
  }

  /** Whether backgrounds may have this colour. */
  public boolean isBackgroundColour() {
    return background;
  }

  /** The colours objects may have, in declaration order. */
  public static List<Colour> objectColours() {
    return Arrays.stream(values()).filter(Colour::isObjectColour).toList();
  }

  /** The colours backgrounds may have, in declaration order. */
  public static List<Colour> backgroundColours() {
    return Arrays.stream(values()).filter(Colour::isBackgroundColour).toList();
  }

  /** Squared distance in [0,1] RGB units from this colour to a pixel. */
  float distanceSquared(float pr, float pg, float pb) {
    float dr = pr - r / 255f;
    float dg = pg - g / 255f;
    float db = pb - b / 255f;
    return dr * dr + dg * dg + db * db;
  }
}
