/**
 * The inversion cache's benchmark: edits of distinct images (each computes its inversion) against
 * repeated edits of one image (each reuses it), through the whole single-machine pipeline.
 */
package dev.editstream.benchmarks.cache;
