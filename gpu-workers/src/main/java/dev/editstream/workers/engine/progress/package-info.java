/**
 * The engine's step seam: a {@link dev.editstream.workers.engine.progress.StepListener} is told of
 * every inversion and sampling step of a job ({@link
 * dev.editstream.workers.engine.progress.StepPhase}), so a worker publishes progress and stops a
 * cancelled job between steps by throwing {@link
 * dev.editstream.workers.engine.progress.EditCancelledException}.
 */
package dev.editstream.workers.engine.progress;
