/**
 * Blob garbage collection ({@code editstream blobs gc}): a mark over every topic whose records can
 * reference blobs, then a sweep of the store that deletes a blob only when no live record refers to
 * it and it is older than the grace period. The design, and why it is safe, is in {@code
 * docs/blobs.md}.
 */
package dev.editstream.deploy.gc;
