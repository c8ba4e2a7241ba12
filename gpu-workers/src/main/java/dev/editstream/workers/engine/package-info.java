/**
 * The editing engine: plain Java around a diffusion model bundle's signatures, with no Kafka in it.
 *
 * <p>Entry point: {@link dev.editstream.workers.engine.EditEngine}, which runs an edit plan end to
 * end on a source image of any size ({@link dev.editstream.workers.engine.EditEngine#run}, giving a
 * {@link dev.editstream.workers.engine.PlannedEditResult}), and inverts, edits, SDEdits and
 * reconstructs. Sub-packages hold one idea each: {@code schedule} (noise schedules, DDIM,
 * guidance), {@code image} (images, masks, the source image and its resampling), {@code metric}
 * (PSNR, SSIM, CLIP scores), {@code control} (prompt-to-prompt token alignment, injection schedule,
 * local blend), {@code model} (the bundle as the engine calls it, and the gate that closes it),
 * {@code inversion} (inversions as keyed values and how to compute them), {@code edit} (edit
 * specifications, the sampling loop), {@code ipc} (SD-IPC image-to-prompt) and {@code progress}
 * (the step seam: a listener told of every step, and cancellation between steps).
 *
 * <p>Engine objects keep no per-request state: an inversion is a value passed explicitly and a
 * run's state lives in the run, so one engine serves concurrent requests, and the same inputs give
 * the same bytes. Every model call of a job goes through {@link
 * dev.editstream.workers.engine.model.DiffusionModel}, one call per step and kind.
 */
package dev.editstream.workers.engine;
