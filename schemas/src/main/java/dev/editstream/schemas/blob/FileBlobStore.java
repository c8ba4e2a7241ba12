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
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

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
    if (!Files.exists(target) || !refreshed(target)) {
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

  @Override
  public void forEachStored(Consumer<StoredBlob> action) {
    Path blobs = root.resolve("sha256");
    if (!Files.isDirectory(blobs)) {
      return;
    }
    // Only <root>/sha256/ab/cd/<sha> files are blobs; leftover ".put-*.tmp" files are not.
    try (Stream<Path> files =
        Files.find(blobs, 3, (path, attributes) -> attributes.isRegularFile())) {
      files
          .filter(path -> Sha256.isHex(path.getFileName().toString()))
          .forEach(path -> stat(path.getFileName().toString()).ifPresent(action));
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new BlobStoreException("cannot list blobs under " + blobs, e);
    }
  }

  @Override
  public Optional<StoredBlob> stat(String sha256) {
    if (!Sha256.isHex(sha256)) {
      return Optional.empty();
    }
    Path path = pathOf(sha256);
    try {
      BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
      return Optional.of(
          new StoredBlob(
              sha256,
              attributes.size(),
              attributes.lastModifiedTime().toInstant(),
              path.toUri().toString()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new BlobStoreException("cannot read attributes of blob " + path, e);
    }
  }

  @Override
  public boolean delete(String sha256) {
    Path path = pathOf(checkedSha(sha256));
    try {
      return Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new BlobStoreException("cannot delete blob " + path, e);
    }
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
    return checkedSha(ref.getSha256());
  }

  private static String checkedSha(String sha) {
    if (!Sha256.isHex(sha)) {
      throw new BlobStoreException("malformed sha256 in blob reference: " + sha, null);
    }
    return sha;
  }

  /** A re-put makes the blob young again for the garbage collector (see {@link BlobStore}). */
  private static boolean refreshed(Path target) {
    try {
      Files.setLastModifiedTime(target, FileTime.from(Instant.now()));
      return true;
    } catch (NoSuchFileException collected) {
      // Collected between the check and now: the caller writes it again.
      return false;
    } catch (IOException e) {
      throw new BlobStoreException("cannot refresh blob " + target, e);
    }
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
