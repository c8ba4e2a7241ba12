/**
 * The ShapesEdit quality benchmark: {@link dev.editstream.benchmarks.quality.ShapesEdit} draws edit
 * cases with rendered ground truth from the procedural world, {@link
 * dev.editstream.benchmarks.quality.QualityBenchmark} runs every editing method side by side on
 * them, and {@link dev.editstream.benchmarks.quality.QualityCommand} (the {@code quality} command)
 * writes {@code docs/quality.md} and the image grid.
 */
package dev.editstream.benchmarks.quality;
