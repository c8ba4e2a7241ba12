/**
 * Inversions as values: {@link dev.editstream.workers.engine.inversion.Inversion} (latent
 * trajectory, per-step null-text embeddings, source cross-attention maps) identified by the
 * contract's {@link dev.editstream.schemas.keys.InversionKey} over everything that determines it,
 * with a versioned binary form ({@link dev.editstream.workers.engine.inversion.InversionCodec}).
 * {@link dev.editstream.workers.engine.inversion.Inverter} computes them, by DDIM inversion or
 * null-text inversion ({@link dev.editstream.workers.engine.inversion.InversionMethod}), step by
 * step.
 */
package dev.editstream.workers.engine.inversion;
