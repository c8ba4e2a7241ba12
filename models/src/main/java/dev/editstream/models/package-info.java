/**
 * Diffusion model bundles on TensorFlow: the bundle contract's signatures ({@link
 * dev.editstream.models.Contract}), loading and calling any conforming SavedModel ({@link
 * dev.editstream.models.ModelBundle}), and the bundled model's world, training and export. The
 * bundle's manifest and tokenizer are in {@code dev.editstream.editing}, free of TensorFlow.
 */
package dev.editstream.models;
