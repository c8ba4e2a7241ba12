package dev.editstream.workers.engine;

import dev.editstream.models.world.Colour;
import dev.editstream.models.world.Renderer;
import dev.editstream.models.world.Scene;
import dev.editstream.models.world.World;
import dev.editstream.schemas.avro.BlendFootprint;
import dev.editstream.schemas.avro.EditPlan;
import dev.editstream.schemas.avro.InversionMethod;
import dev.editstream.schemas.avro.PlanAlignment;
import dev.editstream.schemas.avro.PlanMethod;
import dev.editstream.schemas.avro.PlanRegion;
import dev.editstream.schemas.avro.PlannedBlend;
import dev.editstream.schemas.avro.PlannedInversion;
import dev.editstream.workers.engine.image.RgbImage;
import dev.editstream.workers.engine.image.SourceImage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A one-object scene, its colour swap and plans for it, as the planner would write them, with few
 * steps so that engine tests stay fast; sources of other sizes are the scene scaled up (nearest).
 */
final class TestPlans {
  static final int STEPS = 4;
  static final double GUIDANCE = 7.5;
  static final long SEED = 11;

  final Scene scene = World.sample(new World(5).random(1), 1);
  final String caption = scene.caption();
  final String colour = scene.objects().get(0).colour().word();
  final String shape = scene.objects().get(0).shape().word();
  final String newColour;
  final String target;
  final byte[] png32;

  TestPlans() {
    Colour to = scene.objects().get(0).colour() == Colour.GREEN ? Colour.RED : Colour.GREEN;
    Scene truth = scene.withObjectColour(0, to == scene.background() ? Colour.PINK : to);
    newColour = truth.objects().get(0).colour().word();
    target = truth.caption();
    png32 = RgbImage.fromModelRange(Renderer.SIZE, Renderer.SIZE, Renderer.render(scene)).toPng();
  }

  /** Calibration captions for SD-IPC. */
  static List<String> calibrationCaptions() {
    World w = new World(31);
    List<String> out = new ArrayList<>();
    for (int k = 0; k < 64; k++) {
      out.add(w.scene(k).caption());
    }
    return out;
  }

  /** A prompt-to-prompt plan of the colour swap over the whole image, null-text inverted. */
  EditPlan.Builder promptToPrompt() {
    return EditPlan.newBuilder()
        .setMethod(PlanMethod.PROMPT_TO_PROMPT)
        .setSourceCaption(caption)
        .setTargetPrompt(target)
        .setSteps(STEPS)
        .setGuidance(GUIDANCE)
        .setSeed(SEED)
        .setInversion(new PlannedInversion(InversionMethod.NULL_TEXT, 2))
        .setAlignment(PlanAlignment.REPLACE)
        .setChangedWords(List.of(newColour))
        .setCrossFraction(0.2)
        .setSelfFraction(0.6)
        .setRegion(PlanRegion.WHOLE_IMAGE)
        .setDefaults("engine tests");
  }

  /** The colour swap blended on the colour word, separated from the background. */
  EditPlan.Builder localBlend() {
    return promptToPrompt()
        .setRegion(PlanRegion.LOCAL_BLEND)
        .setBlend(
            PlannedBlend.newBuilder()
                .setSourceWord(colour)
                .setTargetWord(newColour)
                .setThreshold(0.5)
                .setStart(0.2)
                .setFootprint(BlendFootprint.SOURCE)
                .setObjectWords(List.of(shape))
                .setOtherWords(List.of("background"))
                .build());
  }

  /** An SDEdit plan towards the colour swap. */
  EditPlan.Builder sdEdit() {
    return promptToPrompt().setMethod(PlanMethod.SDEDIT).setInversion(null).setStrength(0.5);
  }

  /** The SDEdit of {@link #sdEdit()} as the engine's value. */
  dev.editstream.workers.engine.edit.SdEdit sdEditValue() {
    return new dev.editstream.workers.engine.edit.SdEdit(
        target, 0.5, STEPS, new dev.editstream.workers.engine.schedule.Guidance(GUIDANCE), SEED);
  }

  /** A variation plan. */
  EditPlan.Builder variation() {
    return promptToPrompt()
        .setMethod(PlanMethod.VARIATION)
        .setTargetPrompt("")
        .setInversion(null)
        .setCrossFraction(0)
        .setSelfFraction(0);
  }

  /** The colour swap confined to the shape word's cross-attention mask. */
  EditPlan.Builder wordMask() {
    return promptToPrompt()
        .setRegion(PlanRegion.WORD_MASK)
        .setMaskWords(List.of(shape))
        .setMaskThreshold(0.5);
  }

  /** The scene's 32×32 PNG scaled up to {@code h × w} (nearest), as a decoded source. */
  SourceImage source(int h, int w) {
    return SourceImage.decode(png(h, w));
  }

  /** The scene's 32×32 PNG scaled up to {@code h × w} (nearest), encoded. */
  byte[] png(int h, int w) {
    byte[] small = SourceImage.decode(png32).rgb8();
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int p = ((y * 32 / h) * 32 + x * 32 / w) * 3;
        img.setRGB(
            x, y, (small[p] & 0xff) << 16 | (small[p + 1] & 0xff) << 8 | (small[p + 2] & 0xff));
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
