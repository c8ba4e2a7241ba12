package dev.editstream.schemas.blob;

import dev.editstream.schemas.avro.BlobRef;
import java.io.IOException;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;

/**
 * A {@link BlobStore} in a local (or shared) directory. A blob with hash {@code abcd...} lives at
 * {@code <root>/sha256/ab/cd/abcd...}; its reference's URI is that path as a {@code file:} URI.
 *
 * <p>Writes go to a temporary file in the target directory and are moved into place atomically, so
 * a reader never sees a partial blob and concurrent writers of the same content are harmless.
 */
public final class FileBlobStore implements BlobStore {

  private final Path root;

  /**
   * A store rooted at a directory (created if missing).
   *
   * @throws BlobStoreException if the directory cannot be created
   */
  public FileBlobStore(Path root) {
    this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    try {
      Files.createDirectories(this.root);
    } catch (IOException e) {
      throw new BlobStoreException("cannot create blob store root " + this.root, e);
    }
  }

  @Override
  public BlobRef put(byte[] bytes, String mediaType) {
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(mediaType, "mediaType");
    String sha = Sha256.hex(bytes);
    Path target = pathOf(sha);
    if (!Files.exists(target)) {
      write(target, bytes);
    }
    return BlobStore.reference(target.toUri().toString(), sha, bytes, mediaType);
  }

  @Override
  public byte[] get(BlobRef ref) {
    Path path = pathOf(checkedSha(ref));
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new BlobNotFoundException("no blob " + ref.getSha256() + " in " + root);
    } catch (IOException e) {
      throw new BlobStoreException("cannot read blob " + ref.getSha256() + " from " + path, e);
    }
    if (bytes.length != ref.getSize()) {
      throw new BlobIntegrityException(
          "blob "
              + ref.getSha256()
              + " has "
              + bytes.length
              + " bytes, reference says "
              + ref.getSize());
    }
    String actual = Sha256.hex(bytes);
    if (!actual.equals(ref.getSha256())) {
      throw new BlobIntegrityException(
          "blob at " + path + " hashes to " + actual + ", reference says " + ref.getSha256());
    }
    return bytes;
  }

  @Override
  public boolean exists(BlobRef ref) {
    return Sha256.isHex(ref.getSha256()) && Files.isRegularFile(pathOf(ref.getSha256()));
  }

  @Override
  public URI root() {
    return root.toUri();
  }

  /** The directory holding the blobs. */
  public Path directory() {
    return root;
  }

  private Path pathOf(String sha) {
    return root.resolve("sha256")
        .resolve(sha.substring(0, 2))
        .resolve(sha.substring(2, 4))
        .resolve(sha);
  }

  private static String checkedSha(BlobRef ref) {
    if (!Sha256.isHex(ref.getSha256())) {
      throw new BlobStoreException("malformed sha256 in blob reference: " + ref.getSha256(), null);
    }
    return ref.getSha256();
  }

  private static void write(Path target, byte[] bytes) {
    Path tmp = null;
    try {
      Files.createDirectories(target.getParent());
      tmp = Files.createTempFile(target.getParent(), ".put-", ".tmp");
      Files.write(tmp, bytes);
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException raced) {
        // Another writer stored the same content first: identical bytes, nothing to do.
      } catch (AtomicMoveNotSupportedException e) {
        throw new BlobStoreException("file system of " + target + " has no atomic move", e);
      }
    } catch (IOException e) {
      throw new BlobStoreException("cannot write blob " + target, e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // A leftover temp file is harmless; it is never read as a blob.
        }
      }
    }
  }
}
