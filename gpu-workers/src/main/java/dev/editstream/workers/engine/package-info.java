/**
 * The editing engine: plain Java around a diffusion model's signatures, with no Kafka in it.
 *
 * <p>Entry points: {@link dev.editstream.workers.engine.EditEngine} (invert an image, edit an
 * inversion, SDEdit, image-to-prompt) over a {@link dev.editstream.workers.engine.Denoiser} (the
 * model port; {@link dev.editstream.workers.engine.BundleDenoiser} adapts a model bundle).
 * Sub-packages hold one idea each: {@code schedule} (noise schedules, DDIM, guidance), {@code
 * image} (images and masks), {@code metric} (PSNR, SSIM, CLIP scores), {@code control}
 * (prompt-to-prompt token alignment and attention masks), {@code inversion} (inversions as keyed
 * values), {@code edit} (edit specifications and results), {@code ipc} (SD-IPC image-to-prompt) and
 * {@code bench} (the ShapesEdit quality benchmark).
 *
 * <p>Engine objects keep no per-request state: an inversion is a value passed explicitly, so one
 * engine serves concurrent requests.
 */
package dev.editstream.workers.engine;
