/**
 * The single-machine stack: broker, provisioning, schema registry, blob store and intake started
 * together, checked for health, and stopped in reverse order; and the parts the separate {@code
 * worker} and {@code processors} commands run. Every process serves its meters on one {@link
 * dev.editstream.deploy.stack.MetricsEndpoint} ({@code GET /metrics}, see {@code docs/metrics.md}).
 */
package dev.editstream.deploy.stack;
