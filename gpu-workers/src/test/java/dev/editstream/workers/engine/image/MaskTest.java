package dev.editstream.workers.engine.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.editstream.schemas.avro.MaskImage;
import dev.editstream.workers.executor.RequestMasks;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class MaskTest {
  @Test
  void aMasksPngIsTheMaskImageAWorkerReadsBackToTheSameInside() {
    boolean[] inside = new boolean[6 * 10];
    for (int p = 0; p < inside.length; p++) {
      inside[p] = (p % 10) > 6 || p / 10 == 2;
    }
    Mask m = Mask.of(6, 10, inside);
    byte[] png = m.toPng();
    Mask back =
        RequestMasks.rasterise(new MaskImage(ByteBuffer.wrap(png)), 6, 10, b -> png).orElseThrow();
    assertThat(back).isEqualTo(m);
    // a soft weight counts as inside, as RequestMasks reads any non-zero pixel
    Mask soft = Mask.of(1, 2, new float[] {0.25f, 0f});
    byte[] softPng = soft.toPng();
    assertThat(
            RequestMasks.rasterise(new MaskImage(ByteBuffer.wrap(softPng)), 1, 2, b -> softPng)
                .orElseThrow())
        .isEqualTo(Mask.of(1, 2, new boolean[] {true, false}));
  }
}
