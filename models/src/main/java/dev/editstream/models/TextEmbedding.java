package dev.editstream.models;

/**
 * What {@code embed_text} returns.
 *
 * @param context per-token output of the text encoder, (B, L, D): the UNet's context
 * @param pooled the EOS token's output projected by W_t, (B, E): the CLIP text embedding
 */
public record TextEmbedding(FloatTensor context, FloatTensor pooled) {}
