/**
 * Diffusion model bundles: the bundle contract, loading and calling any conforming SavedModel, the
 * tokenizer, and the bundled model's world, training and export.
 */
package dev.editstream.models;
