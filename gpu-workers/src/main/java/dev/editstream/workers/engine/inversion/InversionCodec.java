package dev.editstream.workers.engine.inversion;

import dev.editstream.workers.engine.schedule.BetaSchedule;
import dev.editstream.workers.engine.schedule.Guidance;
import dev.editstream.workers.engine.schedule.ScheduleConfig;
import dev.editstream.workers.engine.schedule.TimestepSpacing;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * The binary form of an {@link Inversion}, what invert workers store and edit workers read: magic
 * {@code "ESINV"}, a format version, then every field big-endian with floats as their raw IEEE
 * bits, so a round trip is exact. Version 2 stores what an edit reads: x_T, the per-step null-text
 * embeddings and the source's cross-attention maps (masks from words, local blending), not the
 * intermediate latents; a decoded inversion is {@linkplain Inversion#isCompact() compact}. The key
 * is stored, recomputed on reading and checked against the stored one.
 */
public final class InversionCodec {
  /** The current format version. */
  public static final int FORMAT_VERSION = 2;

  /** The media type of an inversion blob. */
  public static final String MEDIA_TYPE = "application/x-editstream-inversion";

  private static final byte[] MAGIC = {'E', 'S', 'I', 'N', 'V'};

  private InversionCodec() {}

  /** Serialises an inversion in compact form (x_T, null embeddings, attention). */
  public static byte[] write(Inversion inv) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(MAGIC);
      out.writeInt(FORMAT_VERSION);
      out.writeUTF(inv.key().hex());
      InversionParameters p = inv.parameters();
      out.writeUTF(p.method().name());
      out.writeDouble(p.guidance().scale());
      out.writeInt(p.steps());
      writeSchedule(out, p.schedule());
      out.writeUTF(p.sourcePrompt());
      writeInts(out, p.sourceTokens());
      writeNullText(out, p.nullText());
      out.writeUTF(inv.imageHash());
      out.writeUTF(inv.bundleSha256());
      writeInts(out, inv.latentShape());
      float[][] trajectory = inv.trajectoryView();
      writeMatrix(out, new float[][] {trajectory[trajectory.length - 1]});
      writeMatrix(out, inv.nullEmbeddingsView());
      out.writeInt(inv.attentionResolution());
      writeMatrix(out, inv.attentionView());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Reads an inversion.
   *
   * @throws IllegalArgumentException for a foreign, truncated, newer or tampered blob
   */
  public static Inversion read(byte[] data) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
      byte[] magic = in.readNBytes(MAGIC.length);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new IllegalArgumentException("not an inversion (bad magic)");
      }
      int version = in.readInt();
      if (version != FORMAT_VERSION) {
        throw new IllegalArgumentException(
            "inversion format "
                + version
                + " is not supported (this build reads "
                + FORMAT_VERSION
                + ")");
      }
      String key = in.readUTF();
      InversionMethod method = InversionMethod.valueOf(in.readUTF());
      Guidance guidance = new Guidance(in.readDouble());
      int steps = in.readInt();
      ScheduleConfig schedule = readSchedule(in);
      String prompt = in.readUTF();
      int[] tokens = readInts(in);
      NullTextSettings nullText = readNullText(in);
      InversionParameters p =
          new InversionParameters(method, guidance, steps, schedule, prompt, tokens, nullText);
      String imageHash = in.readUTF();
      String bundleSha256 = in.readUTF();
      int[] shape = readInts(in);
      float[][] last = readMatrix(in);
      if (last.length != 1) {
        throw new IllegalArgumentException(
            "a compact inversion holds x_T only, not " + last.length);
      }
      float[][] trajectory = new float[steps + 1][];
      trajectory[steps] = last[0];
      Inversion inv =
          new Inversion(
              p,
              imageHash,
              bundleSha256,
              shape,
              trajectory,
              readMatrix(in),
              in.readInt(),
              readMatrix(in));
      if (in.read() != -1) {
        throw new IllegalArgumentException("trailing bytes after the inversion");
      }
      if (!inv.key().hex().equals(key)) {
        throw new IllegalArgumentException(
            "inversion key mismatch: stored " + key + ", computed " + inv.key());
      }
      return inv;
    } catch (IOException e) {
      throw new IllegalArgumentException("truncated inversion: " + e.getMessage(), e);
    }
  }

  private static void writeSchedule(DataOutputStream out, ScheduleConfig s) throws IOException {
    out.writeInt(s.trainTimesteps());
    out.writeDouble(s.betaStart());
    out.writeDouble(s.betaEnd());
    out.writeUTF(s.betaSchedule().name());
    out.writeInt(s.stepsOffset());
    out.writeBoolean(s.setAlphaToOne());
    out.writeUTF(s.spacing().name());
  }

  private static ScheduleConfig readSchedule(DataInputStream in) throws IOException {
    return new ScheduleConfig(
        in.readInt(),
        in.readDouble(),
        in.readDouble(),
        BetaSchedule.valueOf(in.readUTF()),
        in.readInt(),
        in.readBoolean(),
        TimestepSpacing.valueOf(in.readUTF()));
  }

  private static void writeNullText(DataOutputStream out, NullTextSettings s) throws IOException {
    out.writeInt(s.innerSteps());
    for (double d :
        new double[] {
          s.learningRate(),
          s.learningRateDecay(),
          s.earlyStop(),
          s.earlyStopSlope(),
          s.beta1(),
          s.beta2(),
          s.epsilon()
        }) {
      out.writeDouble(d);
    }
  }

  private static NullTextSettings readNullText(DataInputStream in) throws IOException {
    return new NullTextSettings(
        in.readInt(),
        in.readDouble(),
        in.readDouble(),
        in.readDouble(),
        in.readDouble(),
        in.readDouble(),
        in.readDouble(),
        in.readDouble());
  }

  private static void writeInts(DataOutputStream out, int[] a) throws IOException {
    out.writeInt(a.length);
    for (int v : a) {
      out.writeInt(v);
    }
  }

  private static int[] readInts(DataInputStream in) throws IOException {
    int[] a = new int[checkedLength(in.readInt())];
    for (int i = 0; i < a.length; i++) {
      a[i] = in.readInt();
    }
    return a;
  }

  private static void writeMatrix(DataOutputStream out, float[][] m) throws IOException {
    out.writeInt(m.length);
    for (float[] row : m) {
      out.writeInt(row.length);
      for (float v : row) {
        out.writeInt(Float.floatToRawIntBits(v));
      }
    }
  }

  private static float[][] readMatrix(DataInputStream in) throws IOException {
    float[][] m = new float[checkedLength(in.readInt())][];
    for (int r = 0; r < m.length; r++) {
      float[] row = new float[checkedLength(in.readInt())];
      for (int i = 0; i < row.length; i++) {
        row[i] = Float.intBitsToFloat(in.readInt());
      }
      m[r] = row;
    }
    return m;
  }

  private static int checkedLength(int n) {
    if (n < 0 || n > (1 << 26)) {
      throw new IllegalArgumentException("implausible array length " + n);
    }
    return n;
  }
}
