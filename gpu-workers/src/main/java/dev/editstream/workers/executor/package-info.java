/**
 * The edit worker's compute: {@link dev.editstream.workers.executor.EngineJobExecutor} runs an
 * {@code EditJob}'s plan on the engine, step by step, relaying progress and cancellation between
 * steps, and stores the result image. {@link dev.editstream.workers.executor.RequestMasks}
 * rasterises the masks a request gives in source pixels.
 */
package dev.editstream.workers.executor;
