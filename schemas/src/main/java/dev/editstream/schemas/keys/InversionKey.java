package dev.editstream.schemas.keys;

import dev.editstream.schemas.blob.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Objects;

/**
 * The content key of an inversion: equal keys mean equal inversions, so the inversions table, the
 * inversion stage's single flight and the engine's check of a cached inversion all use it.
 *
 * <p>It is SHA-256 (hex) over, in this order and in {@link DataOutputStream}'s encoding: the tag
 * {@code "editstream-inversion-key"} (UTF), the key version {@value #VERSION} (int), the image hash
 * ({@link ImageHash}, UTF), the bundle's sha256 (UTF, lower case), the schedule's canonical form
 * ({@link #schedule}, UTF), the step count (int), the caption's token count and ids (ints), the
 * method name (UTF: {@code DDIM} or {@code NULL_TEXT}), the guidance scale's IEEE-754 bits (long)
 * and, for null-text, the optimiser's canonical form ({@link NullText#canonical}, UTF; the empty
 * string for DDIM). {@code docs/contract.md} has a test vector.
 *
 * @param hex the 64 hex digits
 */
public record InversionKey(String hex) {

  /** The version of this definition; a change to what the key covers bumps it. */
  public static final int VERSION = 1;

  /** Validates the digits. */
  public InversionKey {
    if (!Sha256.isHex(hex)) {
      throw new IllegalArgumentException("an inversion key is 64 lower-case hex digits: " + hex);
    }
  }

  /**
   * Computes a key.
   *
   * @param imageHash the source's {@link ImageHash}
   * @param bundleSha256 the bundle's variables' sha256
   * @param schedule the scheduler's canonical form ({@link #schedule})
   * @param steps DDIM steps
   * @param captionTokens the source caption's token ids, padding included
   * @param method {@code DDIM} or {@code NULL_TEXT}
   * @param guidance the guidance scale the inversion is made for
   * @param nullText the optimiser's settings; ignored (and may be null) for DDIM
   */
  public static InversionKey of(
      String imageHash,
      String bundleSha256,
      String schedule,
      int steps,
      int[] captionTokens,
      String method,
      double guidance,
      NullText nullText) {
    boolean isNullText = "NULL_TEXT".equals(method);
    if (!isNullText && !"DDIM".equals(method)) {
      throw new IllegalArgumentException("method is DDIM or NULL_TEXT, not " + method);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF("editstream-inversion-key");
      out.writeInt(VERSION);
      out.writeUTF(imageHash.toLowerCase(Locale.ROOT));
      out.writeUTF(bundleSha256.toLowerCase(Locale.ROOT));
      out.writeUTF(schedule);
      out.writeInt(steps);
      out.writeInt(captionTokens.length);
      for (int t : captionTokens) {
        out.writeInt(t);
      }
      out.writeUTF(method);
      out.writeLong(Double.doubleToLongBits(guidance));
      out.writeUTF(isNullText ? Objects.requireNonNull(nullText, "nullText").canonical() : "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new InversionKey(Sha256.hex(bytes.toByteArray()));
  }

  /**
   * The canonical form of a DDIM scheduler configuration, e.g. {@code
   * T=1000;beta=8.5E-4..0.012;scaled_linear;offset=1;alphaToOne=false;spacing=leading} (doubles in
   * Java's {@link Double#toString}).
   */
  public static String schedule(
      int trainTimesteps,
      double betaStart,
      double betaEnd,
      String betaSchedule,
      int stepsOffset,
      boolean setAlphaToOne,
      String spacing) {
    return "T="
        + trainTimesteps
        + ";beta="
        + betaStart
        + ".."
        + betaEnd
        + ";"
        + betaSchedule.toLowerCase(Locale.ROOT)
        + ";offset="
        + stepsOffset
        + ";alphaToOne="
        + setAlphaToOne
        + ";spacing="
        + spacing.toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return hex;
  }

  /**
   * Null-text optimisation settings, as far as they determine the result: Adam with learning rate
   * {@code learningRate · (1 − i · decay)} at sampling step i, up to {@code innerSteps} iterations,
   * stopping once the loss is below {@code earlyStop + i · earlyStopSlope}.
   *
   * @param innerSteps Adam iterations per step at most
   * @param learningRate base learning rate
   * @param learningRateDecay decay per step
   * @param earlyStop loss threshold at step 0
   * @param earlyStopSlope added per step
   * @param beta1 Adam's first-moment decay
   * @param beta2 Adam's second-moment decay
   * @param epsilon Adam's denominator floor
   */
  public record NullText(
      int innerSteps,
      double learningRate,
      double learningRateDecay,
      double earlyStop,
      double earlyStopSlope,
      double beta1,
      double beta2,
      double epsilon) {

    /** The paper's settings (and its code's) with an inner-step budget. */
    public static NullText paper(int innerSteps) {
      return new NullText(innerSteps, 1e-2, 1e-2, 1e-5, 2e-5, 0.9, 0.999, 1e-8);
    }

    /**
     * The canonical form, e.g. {@code inner=10;lr=0.01;decay=0.01;stop=1.0E-5+2.0E-5;adam=0.9,
     * 0.999,1.0E-8} (without the space).
     */
    public String canonical() {
      return "inner="
          + innerSteps
          + ";lr="
          + learningRate
          + ";decay="
          + learningRateDecay
          + ";stop="
          + earlyStop
          + "+"
          + earlyStopSlope
          + ";adam="
          + beta1
          + ","
          + beta2
          + ","
          + epsilon;
    }
  }
}
