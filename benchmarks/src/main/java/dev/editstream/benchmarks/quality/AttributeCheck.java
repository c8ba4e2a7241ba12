package dev.editstream.benchmarks.quality;

import dev.editstream.models.world.Colour;
import dev.editstream.models.world.Oracle;
import dev.editstream.workers.engine.image.Mask;
import dev.editstream.workers.engine.image.RgbImage;
import java.util.EnumSet;
import java.util.Set;

/** Whether an edited image shows the ground truth's attribute, read by the world's oracle. */
final class AttributeCheck {
  private AttributeCheck() {}

  static boolean correct(EditCase c, RgbImage edited) {
    Oracle.Reading got = Oracle.read(edited.toModelRange());
    Oracle.Reading want = Oracle.read(c.truthImage().toModelRange());
    return switch (c.kind()) {
      case BACKGROUND -> got.background() == want.background();
      case SHAPE -> shapeCloserToTruth(c, edited);
      case OBJECT_COLOUR, MASKED, REWEIGHT ->
          got.background() == want.background() && colours(got).equals(colours(want));
    };
  }

  private static Set<Colour> colours(Oracle.Reading r) {
    Set<Colour> s = EnumSet.noneOf(Colour.class);
    r.objectColours().forEach(cc -> s.add(cc.colour()));
    return s;
  }

  /** The edited object pixels overlap the ground truth's shape more than the source's. */
  private static boolean shapeCloserToTruth(EditCase c, RgbImage edited) {
    Mask got = objectPixels(edited, c.source().background());
    Mask truth = objectPixels(c.truthImage(), c.source().background());
    Mask before = objectPixels(c.sourceImage(), c.source().background());
    return got.iou(truth) > got.iou(before);
  }

  /** Pixels farther than 0.25 (RGB, [0,1]) from the background colour. */
  static Mask objectPixels(RgbImage img, Colour background) {
    float[] bg = background.rgb();
    boolean[] in = new boolean[img.height() * img.width()];
    for (int y = 0; y < img.height(); y++) {
      for (int x = 0; x < img.width(); x++) {
        double d = 0;
        for (int ch = 0; ch < 3; ch++) {
          double v = img.get(y, x, ch) - bg[ch];
          d += v * v;
        }
        in[y * img.width() + x] = d > 0.25 * 0.25;
      }
    }
    return Mask.of(img.height(), img.width(), in);
  }
}
