/**
 * The engine's view of a model bundle: {@link dev.editstream.workers.engine.model.DiffusionModel}
 * wraps {@link dev.editstream.models.ModelBundle} with the calls the algorithms make (on plain
 * float arrays, one latent per row), the scheduler configuration the bundle was trained with, and a
 * clock of the time spent inside TensorFlow calls.
 */
package dev.editstream.workers.engine.model;
