/**
 * A content-addressed {@link dev.editstream.schemas.blob.BlobStore} on S3-compatible object storage
 * (AWS S3, MinIO, Ceph, s3proxy): {@link dev.editstream.blob.s3.S3BlobStore}, configured by {@link
 * dev.editstream.blob.s3.S3BlobSettings}. Its blobs are keyed like {@link
 * dev.editstream.schemas.blob.FileBlobStore}'s files and referenced as {@code s3://bucket/key}.
 */
package dev.editstream.blob.s3;
