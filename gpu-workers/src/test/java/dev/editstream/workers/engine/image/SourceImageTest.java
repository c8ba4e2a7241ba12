package dev.editstream.workers.engine.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.editstream.schemas.EditException;
import dev.editstream.schemas.ReasonCode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class SourceImageTest {

  /** Random 8-bit HWC RGB. */
  static byte[] noise(int h, int w, long seed) {
    byte[] b = new byte[h * w * 3];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }

  static byte[] encode(byte[] rgb, int h, int w, String format) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int p = 0; p < h * w; p++) {
      int v =
          ((rgb[p * 3] & 0xff) << 16) | ((rgb[p * 3 + 1] & 0xff) << 8) | (rgb[p * 3 + 2] & 0xff);
      img.setRGB(p % w, p / w, v);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      assertThat(ImageIO.write(img, format, out)).isTrue();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  @Test
  void aSourceAtTheBundlesSizeIsExactlyWhatFromPngGives() {
    byte[] png = encode(noise(32, 32, 1), 32, 32, "png");
    SourceImage s = SourceImage.decode(png);
    assertThat(s.height()).isEqualTo(32);
    assertThat(s.resampled(32)).isEqualTo(RgbImage.fromPng(png));
    assertThat(s.rgb8()).isEqualTo(noise(32, 32, 1));
  }

  @Test
  void everyByteSurvivesTheRoundTripThroughFloats() {
    byte[] all = new byte[256 * 3];
    for (int i = 0; i < all.length; i++) {
      all[i] = (byte) (i / 3);
    }
    assertThat(RgbImage.fromRgb8(16, 16, all).toRgb8()).isEqualTo(all);
  }

  @Test
  void areaAverageOfAnIntegerRatioIsTheMeanOfEachBlock() {
    byte[] rgb = noise(64, 96, 2);
    RgbImage small = SourceImage.of(RgbImage.fromRgb8(64, 96, rgb)).resampled(32);
    for (int y = 0; y < 32; y++) {
      for (int x = 0; x < 32; x++) {
        for (int c = 0; c < 3; c++) {
          int sum = 0;
          for (int dy = 0; dy < 2; dy++) {
            for (int dx = 0; dx < 3; dx++) {
              sum += rgb[((2 * y + dy) * 96 + 3 * x + dx) * 3 + c] & 0xff;
            }
          }
          assertThat(small.get(y, x, c)).isEqualTo((float) (sum / (255.0 * 6)));
        }
      }
    }
  }

  @Test
  void areaAverageKeepsAUniformImageAndStaysWithinTheSourcesRange() {
    byte[] grey = new byte[48 * 80 * 3];
    Arrays.fill(grey, (byte) 77);
    RgbImage g = SourceImage.of(RgbImage.fromRgb8(48, 80, grey)).resampled(32);
    assertThat(g.toRgb8()).containsOnly((byte) 77);
    RgbImage n = SourceImage.of(RgbImage.fromRgb8(100, 100, noise(100, 100, 3))).resampled(32);
    for (float v : n.pixels()) {
      assertThat(v).isBetween(0f, 1f);
    }
    // smaller sources stretch up by the same rule
    RgbImage up = SourceImage.of(RgbImage.fromRgb8(20, 12, noise(20, 12, 4))).resampled(32);
    assertThat(up.height()).isEqualTo(32);
  }

  @Test
  void compositeKeepsTheSourcesBytesOutsideTheRegionAndTheEditsInside() {
    byte[] src = noise(48, 80, 5);
    SourceImage s = SourceImage.of(RgbImage.fromRgb8(48, 80, src));
    RgbImage edit = RgbImage.filled(32, 32, 0.2f, 0.9f, 0.4f);
    boolean[] in = new boolean[32 * 32];
    for (int p = 0; p < in.length; p++) {
      in[p] = p % 32 >= 8 && p % 32 < 20 && p / 32 >= 4 && p / 32 < 30;
    }
    Mask region = Mask.of(32, 32, in).resized(48, 80);
    byte[] out = s.composite(edit, Optional.of(region)).toRgb8();
    byte[] inside = edit.toRgb8();
    for (int p = 0; p < 48 * 80; p++) {
      byte[] expected = region.get(p / 80, p % 80) == 0 ? src : inside;
      int at = region.get(p / 80, p % 80) == 0 ? p * 3 : 0;
      for (int c = 0; c < 3; c++) {
        assertThat(out[p * 3 + c]).as("pixel %d", p).isEqualTo(expected[at + c]);
      }
    }
  }

  @Test
  void compositeWithoutARegionIsTheEditAtTheSourcesSize() {
    RgbImage edit = RgbImage.fromRgb8(32, 32, noise(32, 32, 6));
    SourceImage same = SourceImage.of(RgbImage.fromRgb8(32, 32, noise(32, 32, 7)));
    assertThat(same.composite(edit, Optional.empty()).toRgb8()).isEqualTo(edit.toRgb8());
    SourceImage big = SourceImage.of(RgbImage.fromRgb8(100, 60, noise(100, 60, 8)));
    RgbImage up = big.composite(edit, Optional.empty());
    assertThat(up.height()).isEqualTo(100);
    assertThat(up.width()).isEqualTo(60);
    assertThat(big.composite(edit, Optional.empty())).isEqualTo(up);
    // bilinear with aligned centres: a uniform edit stays uniform at any size
    RgbImage flat = RgbImage.filled(32, 32, 0.5f, 0.25f, 1f);
    assertThat(big.composite(flat, Optional.empty()).toRgb8())
        .isEqualTo(RgbImage.filled(100, 60, 0.5f, 0.25f, 1f).toRgb8());
  }

  @Test
  void aShrunkCoveringMaskCoversTheOriginalWhenResizedBack() {
    boolean[] box = new boolean[100 * 100];
    for (int p = 0; p < box.length; p++) {
      box[p] = p % 100 >= 10 && p % 100 < 40 && p / 100 >= 55 && p / 100 < 61;
    }
    Mask m = Mask.of(100, 100, box);
    Mask back = m.covering(32, 32).resized(100, 100);
    for (int p = 0; p < box.length; p++) {
      if (box[p]) {
        assertThat(back.get(p / 100, p % 100)).as("pixel %d", p).isEqualTo(1f);
      }
    }
    assertThat(m.covering(100, 100)).isEqualTo(m);
    assertThat(back.area()).isLessThan(2 * m.area() + 4 * 100);
  }

  @Test
  void jpegDecodesAtItsSize() {
    byte[] jpeg = encode(noise(40, 24, 9), 40, 24, "jpeg");
    SourceImage s = SourceImage.decode(jpeg);
    assertThat(s.height()).isEqualTo(40);
    assertThat(s.width()).isEqualTo(24);
    assertThat(SourceImage.decode(jpeg).rgb8()).isEqualTo(s.rgb8());
  }

  @Test
  void bytesOfAnotherFormatOrBrokenBytesAreRefusedWithTheirCodes() {
    assertThatThrownBy(() -> SourceImage.decode("GIF89a...".getBytes()))
        .isInstanceOfSatisfying(
            EditException.class,
            e -> assertThat(e.reason()).isEqualTo(ReasonCode.IMAGE_UNSUPPORTED_FORMAT));
    byte[] png = encode(noise(8, 8, 10), 8, 8, "png");
    assertThatThrownBy(() -> SourceImage.decode(Arrays.copyOf(png, 20)))
        .isInstanceOfSatisfying(
            EditException.class,
            e -> assertThat(e.reason()).isEqualTo(ReasonCode.IMAGE_UNDECODABLE));
  }
}
