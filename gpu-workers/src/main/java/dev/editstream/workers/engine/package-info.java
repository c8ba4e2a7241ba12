/**
 * The editing engine: plain Java around a diffusion model bundle's signatures, with no Kafka in it.
 *
 * <p>Entry point: {@link dev.editstream.workers.engine.EditEngine} (invert an image, edit an
 * inversion, SDEdit, reconstruct, image-to-prompt). Sub-packages hold one idea each: {@code
 * schedule} (noise schedules, DDIM, guidance), {@code image} (images and masks), {@code metric}
 * (PSNR, SSIM, CLIP scores), {@code control} (prompt-to-prompt token alignment, injection schedule,
 * local blend), {@code model} (the bundle as the engine calls it), {@code inversion} (inversions as
 * keyed values and how to compute them), {@code edit} (edit specifications, the sampling loop),
 * {@code ipc} (SD-IPC image-to-prompt) and {@code bench} (the ShapesEdit quality benchmark).
 *
 * <p>Engine objects keep no per-request state: an inversion is a value passed explicitly, so one
 * engine serves concurrent requests, and the same inputs give the same bytes.
 */
package dev.editstream.workers.engine;
