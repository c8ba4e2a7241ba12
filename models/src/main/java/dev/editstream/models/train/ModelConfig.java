package dev.editstream.models.train;

import dev.editstream.editing.BundleManifest.AttentionLayer;
import dev.editstream.editing.Tokenizer;
import dev.editstream.models.world.World;
import java.util.ArrayList;
import java.util.List;

/**
 * Sizes of the bundled model's networks. {@link #standard()} is the bundled model; {@link #tiny()}
 * is for tests.
 *
 * @param contextLength L, tokens per prompt
 * @param textWidth D, the text transformer's width (the UNet's context width)
 * @param textLayers transformer layers
 * @param textHeads transformer heads
 * @param embedDim E, the joint text/image embedding width
 * @param imageChannels channels of the image encoder at 32, 16, 8 and 4 pixels
 * @param unetChannels channels of the UNet at 32, 16 and 8 pixels
 * @param unetHeads heads of every UNet attention layer
 * @param timeDim width of the UNet's time embedding
 */
record ModelConfig(
    int contextLength,
    int textWidth,
    int textLayers,
    int textHeads,
    int embedDim,
    int[] imageChannels,
    int[] unetChannels,
    int unetHeads,
    int timeDim) {

  static final int IMAGE = 32;

  static ModelConfig standard() {
    return new ModelConfig(
        16, 64, 3, 4, 64, new int[] {32, 64, 96, 128}, new int[] {32, 64, 96}, 4, 128);
  }

  static ModelConfig tiny() {
    return new ModelConfig(16, 16, 1, 2, 8, new int[] {8, 8, 8, 8}, new int[] {8, 16, 16}, 2, 16);
  }

  static ModelConfig named(String name) {
    return switch (name) {
      case "standard" -> standard();
      case "tiny" -> tiny();
      default -> throw new IllegalArgumentException("unknown model size '" + name + "'");
    };
  }

  /** The world's tokenizer at this context length. */
  Tokenizer tokenizer() {
    return Tokenizer.of(World.vocabulary(), contextLength);
  }

  /** The UNet's attention layers, in the order its outputs list them. */
  List<AttentionLayer> attentionLayers() {
    List<AttentionLayer> l = new ArrayList<>();
    l.add(cross("cross_d16", 16));
    l.add(self("self_d8", 8));
    l.add(cross("cross_d8", 8));
    l.add(self("self_u8", 8));
    l.add(cross("cross_u8", 8));
    l.add(cross("cross_u16", 16));
    return l;
  }

  private AttentionLayer cross(String name, int res) {
    return new AttentionLayer(name, "cross", res, unetHeads, res * res, contextLength);
  }

  private AttentionLayer self(String name, int res) {
    return new AttentionLayer(name, "self", res, unetHeads, res * res, res * res);
  }
}
