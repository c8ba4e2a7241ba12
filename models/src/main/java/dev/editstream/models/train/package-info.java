/**
 * Training and export of the bundled model: graph builders for the CLIP-style encoders and the
 * cross-attention UNet (TensorFlow Java, graph mode), seeded data from the world, resumable
 * training loops with checkpoints, the slim export to the bundle contract, and the evaluation that
 * writes the model card.
 */
package dev.editstream.models.train;
