/**
 * Content-addressed blob storage for large payloads (claim check): {@link
 * dev.editstream.schemas.blob.BlobStore}, the file-backed {@link
 * dev.editstream.schemas.blob.FileBlobStore} (the S3 one is {@code dev.editstream.blob.s3}), and
 * {@link dev.editstream.schemas.blob.BlobRefPolicy} deciding which references from outside may be
 * followed.
 *
 * <p><b>Garbage collection.</b> Blobs that no live record refers to are collected after their
 * topics' retention ({@code editstream blobs gc}, in the deploy module): a mark over every topic of
 * the cluster (compacted topics by each key's latest value, time-retained ones by every record
 * still there, the stream applications' store changelogs included) collects the hashes of every
 * {@code BlobRef}; the sweep lists the store ({@link
 * dev.editstream.schemas.blob.BlobStore#forEachStored}) and deletes a blob only when no live record
 * refers to it <em>and</em> it is older than the longest retention of the time-retained topics (a
 * record still in flight, put before its record commits, keeps its blob). A re-put refreshes a
 * blob's {@link dev.editstream.schemas.blob.StoredBlob#lastModified}, and the sweep asks {@link
 * dev.editstream.schemas.blob.BlobStore#stat} again right before {@link
 * dev.editstream.schemas.blob.BlobStore#delete}, so a blob a new record is about to reference is
 * young again. The full design is {@code docs/blobs.md}.
 */
package dev.editstream.schemas.blob;
