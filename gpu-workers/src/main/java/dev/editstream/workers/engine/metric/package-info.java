/**
 * Quality metrics: {@link dev.editstream.workers.engine.metric.Psnr} and {@link
 * dev.editstream.workers.engine.metric.Ssim} (Wang et al. 2004), each over a whole image or inside
 * / outside a mask, and {@link dev.editstream.workers.engine.metric.ClipScore} (CLIP score and
 * directional CLIP similarity over embeddings from the bundled encoders).
 */
package dev.editstream.workers.engine.metric;
