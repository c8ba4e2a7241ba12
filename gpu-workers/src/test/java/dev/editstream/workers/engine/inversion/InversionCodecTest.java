package dev.editstream.workers.engine.inversion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.editstream.workers.engine.schedule.Guidance;
import dev.editstream.workers.engine.schedule.ScheduleConfig;
import dev.editstream.workers.engine.schedule.TimestepSpacing;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InversionCodecTest {
  private static final String IMAGE = "a".repeat(64);
  private static final String BUNDLE = "b".repeat(64);

  static InversionParameters params(InversionMethod method, int steps) {
    return new InversionParameters(
        method,
        new Guidance(7.5),
        steps,
        ScheduleConfig.stableDiffusion(),
        "a red circle on a blue background",
        new int[] {1, 4, 9, 15, 6, 4, 10, 7, 2, 0, 0, 0, 0, 0, 0, 0},
        NullTextSettings.paper());
  }

  static Inversion sample(InversionMethod method, long seed) {
    Random r = new Random(seed);
    int steps = 3;
    float[][] traj = new float[steps + 1][12];
    for (float[] z : traj) {
      for (int i = 0; i < z.length; i++) {
        z[i] = (float) r.nextGaussian();
      }
    }
    traj[steps][0] = Float.NaN; // raw bits survive
    traj[steps][1] = -0.0f;
    float[][] nulls = new float[method == InversionMethod.NULL_TEXT ? steps : 0][8];
    float[][] attn = new float[16][4];
    attn[3][2] = 0.75f;
    return new Inversion(
        params(method, steps), IMAGE, BUNDLE, new int[] {2, 2, 3}, traj, nulls, 2, attn);
  }

  @Test
  void roundTripKeepsWhatAnEditReadsExactlyAndDropsTheIntermediateLatents() {
    for (InversionMethod m : InversionMethod.values()) {
      Inversion inv = sample(m, 1);
      byte[] bytes = InversionCodec.write(inv);
      Inversion back = InversionCodec.read(bytes);
      assertThat(back).isEqualTo(inv.compact());
      assertThat(back.isCompact()).isTrue();
      assertThat(back.key()).isEqualTo(inv.key());
      assertThat(Float.floatToRawIntBits(back.latent(3)[1]))
          .isEqualTo(Float.floatToRawIntBits(-0.0f));
      assertThat(Float.isNaN(back.latent(3)[0])).isTrue();
      assertThatThrownBy(() -> back.latent(1))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("compact");
      assertThat(InversionCodec.write(back)).isEqualTo(bytes);
    }
  }

  @Test
  void keyDependsOnEveryDeterminingInput() {
    InversionParameters p = params(InversionMethod.NULL_TEXT, 50);
    dev.editstream.schemas.keys.InversionKey k = Inversion.keyOf(IMAGE, BUNDLE, p);
    assertThat(Inversion.keyOf(IMAGE, BUNDLE, params(InversionMethod.NULL_TEXT, 50))).isEqualTo(k);
    assertThat(Inversion.keyOf("c".repeat(64), BUNDLE, p)).isNotEqualTo(k);
    assertThat(Inversion.keyOf(IMAGE, "c".repeat(64), p)).isNotEqualTo(k);
    List<InversionParameters> variants =
        List.of(
            params(InversionMethod.DDIM, 50),
            params(InversionMethod.NULL_TEXT, 20),
            new InversionParameters(
                p.method(),
                new Guidance(5),
                50,
                p.schedule(),
                p.sourcePrompt(),
                p.sourceTokens(),
                p.nullText()),
            new InversionParameters(
                p.method(),
                p.guidance(),
                50,
                p.schedule().withSpacing(TimestepSpacing.TRAILING),
                p.sourcePrompt(),
                p.sourceTokens(),
                p.nullText()),
            new InversionParameters(
                p.method(),
                p.guidance(),
                50,
                p.schedule(),
                p.sourcePrompt(),
                new int[] {1, 2},
                p.nullText()),
            new InversionParameters(
                p.method(),
                p.guidance(),
                50,
                p.schedule(),
                p.sourcePrompt(),
                p.sourceTokens(),
                p.nullText().withInnerSteps(5)));
    for (InversionParameters v : variants) {
      assertThat(Inversion.keyOf(IMAGE, BUNDLE, v)).as(v.toString()).isNotEqualTo(k);
    }
  }

  @Test
  void foreignTruncatedAndTamperedBlobsAreRejected() {
    byte[] bytes = InversionCodec.write(sample(InversionMethod.DDIM, 2));
    assertThatThrownBy(() -> InversionCodec.read(new byte[] {1, 2, 3}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("magic");
    assertThatThrownBy(() -> InversionCodec.read(java.util.Arrays.copyOf(bytes, bytes.length - 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("truncated");
    byte[] newer = bytes.clone();
    newer[8] = 9;
    assertThatThrownBy(() -> InversionCodec.read(newer)).hasMessageContaining("not supported");
  }
}
