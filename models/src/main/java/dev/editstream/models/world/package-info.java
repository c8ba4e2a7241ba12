/**
 * The procedural world of the bundled model: seeded scenes of coloured shapes on coloured
 * backgrounds, their captions and masks, ground-truth attribute edits, and a pixel-level {@link
 * dev.editstream.models.world.Oracle} that reads colours back from an image.
 */
package dev.editstream.models.world;
