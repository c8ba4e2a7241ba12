package dev.editstream.schemas.blob;

import dev.editstream.schemas.avro.BlobRef;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether a {@link BlobRef} from outside (a client's request) may be followed: its URI must
 * lie under one of the configured store roots ({@code file:///data/blobs/}, {@code
 * s3://bucket/prefix/}), with no {@code ..} segment (plain or percent-encoded), no foreign scheme,
 * no query or fragment, and its sha256 and size must be well formed.
 *
 * <p>The policy only says what is wrong ({@link Violation}); the caller maps that to its own reason
 * codes.
 */
public final class BlobRefPolicy {

  /** What is wrong with a reference. */
  public enum Kind {
    /** The URI does not parse, is opaque/relative, or has a query or fragment. */
    MALFORMED_URI,
    /** The scheme is not one of a configured store. */
    FOREIGN_SCHEME,
    /** The path has a {@code ..} segment (plain or encoded) or a backslash. */
    PATH_TRAVERSAL,
    /** The path or bucket is not under a configured store root. */
    OUTSIDE_ROOT,
    /** The sha256 is not 64 lower-case hex characters. */
    BAD_SHA256,
    /** The size is negative or above the limit. */
    BAD_SIZE
  }

  /**
   * A reason to refuse a reference.
   *
   * @param kind what is wrong
   * @param message human explanation naming the reference
   */
  public record Violation(Kind kind, String message) {}

  private final List<URI> roots;
  private final long maxSize;

  private BlobRefPolicy(List<URI> roots, long maxSize) {
    if (roots.isEmpty()) {
      throw new IllegalArgumentException("a blob policy needs at least one store root");
    }
    this.roots = roots.stream().map(BlobRefPolicy::directoryUri).toList();
    this.maxSize = maxSize;
  }

  /**
   * A policy accepting references under the given store roots, of any size.
   *
   * @param roots store roots, e.g. {@code FileBlobStore.root()} or {@code s3://bucket/prefix/}
   */
  public static BlobRefPolicy allowing(List<URI> roots) {
    return new BlobRefPolicy(List.copyOf(roots), Long.MAX_VALUE);
  }

  /** A policy accepting references under the roots of these stores. */
  public static BlobRefPolicy allowing(BlobStore... stores) {
    return allowing(java.util.Arrays.stream(stores).map(BlobStore::root).toList());
  }

  /** The same policy, also refusing blobs larger than {@code maxBytes}. */
  public BlobRefPolicy withMaxSize(long maxBytes) {
    return new BlobRefPolicy(roots, maxBytes);
  }

  /** The accepted roots, each ending in {@code /}. */
  public List<URI> roots() {
    return roots;
  }

  /** Why the reference must be refused, or empty if it may be followed. */
  public Optional<Violation> check(BlobRef ref) {
    Objects.requireNonNull(ref, "ref");
    if (!Sha256.isHex(ref.getSha256())) {
      return violation(Kind.BAD_SHA256, "sha256 is not 64 lower-case hex digits", ref);
    }
    if (ref.getSize() < 0 || ref.getSize() > maxSize) {
      return violation(
          Kind.BAD_SIZE, "size " + ref.getSize() + " outside [0, " + maxSize + "]", ref);
    }
    String raw = ref.getUri();
    if (raw == null
        || raw.contains("\\")
        || raw.toLowerCase(Locale.ROOT).contains("%2e")
        || raw.toLowerCase(Locale.ROOT).contains("%2f")
        || raw.toLowerCase(Locale.ROOT).contains("%5c")) {
      return violation(Kind.PATH_TRAVERSAL, "encoded dot, slash or backslash in the URI", ref);
    }
    URI uri;
    try {
      uri = new URI(raw);
    } catch (URISyntaxException e) {
      return violation(Kind.MALFORMED_URI, "not a URI", ref);
    }
    if (uri.getScheme() == null
        || uri.isOpaque()
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null
        || uri.getPath() == null
        || !uri.getPath().startsWith("/")) {
      return violation(Kind.MALFORMED_URI, "needs an absolute hierarchical URI", ref);
    }
    for (String segment : uri.getPath().split("/")) {
      if (segment.equals("..") || segment.equals(".")) {
        return violation(Kind.PATH_TRAVERSAL, "'" + segment + "' segment in the path", ref);
      }
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (roots.stream().noneMatch(r -> r.getScheme().equalsIgnoreCase(scheme))) {
      return violation(
          Kind.FOREIGN_SCHEME, "scheme '" + scheme + "' is not a configured store", ref);
    }
    boolean inside =
        roots.stream()
            .anyMatch(
                root ->
                    root.getScheme().equalsIgnoreCase(scheme)
                        && Objects.equals(root.getAuthority(), uri.getAuthority())
                        && uri.getPath().startsWith(root.getPath())
                        && uri.getPath().length() > root.getPath().length());
    if (!inside) {
      return violation(Kind.OUTSIDE_ROOT, "not under a configured store root " + roots, ref);
    }
    return Optional.empty();
  }

  /** Whether the reference may be followed. */
  public boolean accepts(BlobRef ref) {
    return check(ref).isEmpty();
  }

  private static Optional<Violation> violation(Kind kind, String why, BlobRef ref) {
    return Optional.of(new Violation(kind, "blob reference " + ref.getUri() + ": " + why));
  }

  private static URI directoryUri(URI root) {
    URI normalized = root.normalize();
    if (normalized.getScheme() == null || normalized.getPath() == null) {
      throw new IllegalArgumentException("store root must be an absolute URI: " + root);
    }
    String path =
        normalized.getPath().endsWith("/") ? normalized.getPath() : normalized.getPath() + "/";
    try {
      return new URI(normalized.getScheme(), normalized.getAuthority(), path, null, null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("bad store root " + root, e);
    }
  }
}
