/**
 * Content-addressed blob storage for large payloads (claim check): {@link
 * dev.editstream.schemas.blob.BlobStore}, the file-backed {@link
 * dev.editstream.schemas.blob.FileBlobStore}, and {@link dev.editstream.schemas.blob.BlobRefPolicy}
 * deciding which references from outside may be followed.
 */
package dev.editstream.schemas.blob;
