/**
 * A request's lineage rebuilt from the audit topic alone: {@link
 * dev.editstream.producers.audit.AuditTrail} reads a request's events from {@code edit-audit},
 * {@link dev.editstream.producers.audit.Lineage} says what they decided (where the caption came
 * from, whether the inversion was computed, shared or cached, the mask, the plan, the bundle, the
 * seed, the build, the result's hash and the timings).
 */
package dev.editstream.producers.audit;
