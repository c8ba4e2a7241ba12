/**
 * Images and masks as the engine sees them: {@link dev.editstream.workers.engine.image.RgbImage}
 * (height × width × 3 floats in [0, 1]) and {@link dev.editstream.workers.engine.image.Mask}
 * (height × width weights in [0, 1]), with conversions to the model's [-1, 1] range and to PNG;
 * {@link dev.editstream.workers.engine.image.SourceImage} is a request's image at any size, 8-bit,
 * with the deterministic resamplings to the bundle's resolution and back.
 */
package dev.editstream.workers.engine.image;
