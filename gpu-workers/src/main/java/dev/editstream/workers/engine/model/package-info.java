/**
 * The engine's view of a model bundle: {@link dev.editstream.workers.engine.model.DiffusionModel}
 * wraps {@link dev.editstream.models.ModelBundle} with the calls the algorithms make (on plain
 * float arrays, one latent per row), the scheduler configuration the bundle was trained with, a
 * clock and a count of the calls made (per model, or per job through a metered view), and a {@link
 * dev.editstream.workers.engine.model.CallGate} that refuses to close the bundle under a running
 * call and turns calls after closing into {@link
 * dev.editstream.workers.engine.model.BundleClosedException}.
 */
package dev.editstream.workers.engine.model;
