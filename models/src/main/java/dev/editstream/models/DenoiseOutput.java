package dev.editstream.models;

import java.util.Map;

/**
 * What {@code denoise} and {@code denoise_p2p} return.
 *
 * @param eps the predicted noise, shaped like x_t
 * @param attention every attention layer's probabilities (as used), keyed by layer name in the
 *     manifest's order: cross layers (B, heads, HW, L), self layers (B, heads, HW, HW)
 */
public record DenoiseOutput(FloatTensor eps, Map<String, FloatTensor> attention) {
  /** Copies the map, keeping its order. */
  public DenoiseOutput {
    attention = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(attention));
  }
}
