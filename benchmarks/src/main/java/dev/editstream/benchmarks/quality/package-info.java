/**
 * The ShapesEdit quality benchmark: {@link dev.editstream.workers.engine.bench.ShapesEdit} draws
 * edit cases with rendered ground truth from the procedural world, {@link
 * dev.editstream.workers.engine.bench.QualityBenchmark} runs every editing method side by side on
 * them, and {@link dev.editstream.workers.engine.bench.QualityCommand} (the {@code quality}
 * command) writes {@code docs/quality.md} and the image grid.
 */
package dev.editstream.workers.engine.bench;
