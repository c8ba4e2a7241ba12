/**
 * The keys of the contract: {@link dev.editstream.schemas.keys.ImageHash} (an image's canonical
 * pixels) and {@link dev.editstream.schemas.keys.InversionKey} (everything that determines an
 * inversion). Both are computed without TensorFlow, so the processors that cache by them and the
 * engine that computes what they name agree byte for byte; {@code docs/contract.md} gives a test
 * vector of each.
 */
package dev.editstream.schemas.keys;
