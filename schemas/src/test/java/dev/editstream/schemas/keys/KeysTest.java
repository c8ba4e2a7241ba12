package dev.editstream.schemas.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The contract's keys against the test vectors published in {@code docs/contract.md}. */
class KeysTest {

  /** docs/contract.md: a 2x2 image, pixels (row-major) red, green, blue, white. */
  static final byte[] PIXELS = {
    (byte) 255, 0, 0, 0, (byte) 255, 0, 0, 0, (byte) 255, (byte) 255, (byte) 255, (byte) 255
  };

  static final String IMAGE_VECTOR =
      "2dacd648ae35282ea128eea955b975e92754e968afb2c0441d514272e3b66ae8";
  static final String KEY_VECTOR =
      "15b27630ddfc3926b395c4b248e503c0a241472d81dc77493d8e0ca6406c6efa";

  static InversionKey vectorKey(String method) {
    return InversionKey.of(
        ImageHash.of(2, 2, PIXELS),
        "ab".repeat(32),
        InversionKey.schedule(1000, 0.00085, 0.012, "scaled_linear", 1, false, "leading"),
        20,
        new int[] {1, 7, 9, 2, 0},
        method,
        7.5,
        InversionKey.NullText.paper(10));
  }

  @Test
  void theImageHashIsThePublishedVector() {
    assertThat(ImageHash.of(2, 2, PIXELS)).isEqualTo(IMAGE_VECTOR);
  }

  @Test
  void theInversionKeyIsThePublishedVector() {
    assertThat(vectorKey("NULL_TEXT").hex()).isEqualTo(KEY_VECTOR);
  }

  @Test
  void scheduleAndNullTextHaveTheirDocumentedCanonicalForms() {
    assertThat(InversionKey.schedule(1000, 0.00085, 0.012, "SCALED_LINEAR", 1, false, "LEADING"))
        .isEqualTo(
            "T=1000;beta=8.5E-4..0.012;scaled_linear;offset=1;alphaToOne=false;spacing=leading");
    assertThat(InversionKey.NullText.paper(10).canonical())
        .isEqualTo("inner=10;lr=0.01;decay=0.01;stop=1.0E-5+2.0E-5;adam=0.9,0.999,1.0E-8");
  }

  @Test
  void aPngAndItsPixelsHaveOneHashWhateverTheEncoding() throws IOException {
    BufferedImage img = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
    img.setRGB(0, 0, 0xff0000);
    img.setRGB(1, 0, 0x00ff00);
    img.setRGB(0, 1, 0x0000ff);
    img.setRGB(1, 1, 0xffffff);
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(img, "png", png);
    BufferedImage withAlpha = new BufferedImage(2, 2, BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < 2; y++) {
      for (int x = 0; x < 2; x++) {
        withAlpha.setRGB(x, y, img.getRGB(x, y));
      }
    }
    ByteArrayOutputStream png2 = new ByteArrayOutputStream();
    ImageIO.write(withAlpha, "png", png2);
    assertThat(png.toByteArray()).isNotEqualTo(png2.toByteArray());
    assertThat(ImageHash.ofEncoded(png.toByteArray())).contains(IMAGE_VECTOR);
    assertThat(ImageHash.ofEncoded(png2.toByteArray())).contains(IMAGE_VECTOR);
    assertThat(ImageHash.ofEncoded(new byte[] {1, 2, 3})).isEmpty();
  }

  @Test
  void everyInputChangesTheKeyAndDdimIgnoresTheOptimiser() {
    InversionKey base = vectorKey("NULL_TEXT");
    assertThat(vectorKey("DDIM")).isNotEqualTo(base);
    InversionKey ddim1 =
        InversionKey.of(
            ImageHash.of(2, 2, PIXELS), "ab".repeat(32), "s", 20, new int[] {1}, "DDIM", 7.5, null);
    InversionKey ddim2 =
        InversionKey.of(
            ImageHash.of(2, 2, PIXELS),
            "ab".repeat(32),
            "s",
            20,
            new int[] {1},
            "DDIM",
            7.5,
            InversionKey.NullText.paper(3));
    assertThat(ddim1).isEqualTo(ddim2);
    InversionKey otherGuidance =
        InversionKey.of(
            ImageHash.of(2, 2, PIXELS),
            "ab".repeat(32),
            InversionKey.schedule(1000, 0.00085, 0.012, "scaled_linear", 1, false, "leading"),
            20,
            new int[] {1, 7, 9, 2, 0},
            "NULL_TEXT",
            7.0,
            InversionKey.NullText.paper(10));
    assertThat(otherGuidance).isNotEqualTo(base);
    assertThatThrownBy(() -> vectorKey("SDEDIT")).isInstanceOf(IllegalArgumentException.class);
  }
}
