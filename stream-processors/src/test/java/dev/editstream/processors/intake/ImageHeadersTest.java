package dev.editstream.processors.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImageHeadersTest {

  @Test
  void readsPngDimensionsFromIhdr() throws Exception {
    ImageHeader header = ImageHeaders.read(TestImages.png(48, 32));
    assertThat(header).isEqualTo(new ImageHeader(ImageHeader.Format.PNG, 48, 32));
  }

  @Test
  void readsJpegDimensionsFromStartOfFrame() throws Exception {
    ImageHeader header = ImageHeaders.read(TestImages.jpeg(40, 24));
    assertThat(header).isEqualTo(new ImageHeader(ImageHeader.Format.JPEG, 40, 24));
  }

  @Test
  void readsTheDeclaredSizeOfABombWithoutItsPixels() throws Exception {
    ImageHeader header = ImageHeaders.read(TestImages.pngHeaderOnly(100_000, 100_000));
    assertThat(header.pixels()).isEqualTo(10_000_000_000L);
  }

  @Test
  void refusesOtherFormatsAsUnsupported() {
    byte[] gif = "GIF89a....".getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> ImageHeaders.read(gif))
        .isInstanceOfSatisfying(
            ImageHeaderException.class, e -> assertThat(e.unsupportedFormat()).isTrue());
  }

  @Test
  void refusesTruncatedHeadersAsMalformed() {
    byte[] png = Arrays.copyOf(TestImages.png(8, 8), 14);
    byte[] jpeg = Arrays.copyOf(TestImages.jpeg(8, 8), 30);
    for (byte[] bytes : new byte[][] {png, jpeg}) {
      assertThatThrownBy(() -> ImageHeaders.read(bytes))
          .isInstanceOfSatisfying(
              ImageHeaderException.class, e -> assertThat(e.unsupportedFormat()).isFalse());
    }
  }

  @Test
  void refusesZeroDimensions() {
    assertThatThrownBy(() -> ImageHeaders.read(TestImages.pngHeaderOnly(0, 10)))
        .isInstanceOf(ImageHeaderException.class)
        .hasMessageContaining("0x10");
  }
}
