/**
 * Meters a worker exposes beyond its runtime's own: the denoiser calls of the step batcher ({@link
 * dev.editstream.workers.metrics.DenoiserCalls}) and the blob bytes a worker stores ({@link
 * dev.editstream.workers.metrics.MeteredBlobStore}). Everything here records into a Micrometer
 * {@link io.micrometer.core.instrument.MeterRegistry} handed in by the process; which registry (the
 * Prometheus endpoint of {@code up}, {@code worker}, or a test's) is the process's choice. The
 * meter names and their Prometheus forms are listed in {@code docs/metrics.md}.
 */
package dev.editstream.workers.metrics;
