package dev.editstream.blob.s3;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where an {@link S3BlobStore} keeps its blobs and how it signs in. Every field is checked here, so
 * a bad configuration fails when it is read, not on the first blob.
 *
 * <p>{@code null} strings count as empty. With an empty {@code accessKey} the store finds its
 * credentials through the AWS SDK's default provider chain (environment, system properties, profile
 * files, container or instance roles); with one, both keys are used as static credentials.
 *
 * @param endpoint the S3 service's base URI ({@code http://127.0.0.1:9000} for MinIO or s3proxy),
 *     or {@code null} for AWS's own endpoint of the region
 * @param region the signing region, e.g. {@code us-east-1} (S3-compatible stores accept any)
 * @param bucket the bucket, which must already exist; S3's naming rules apply
 * @param prefix prepended to every key: empty, or path segments each ending in {@code /}, e.g.
 *     {@code editstream/blobs/}
 * @param accessKey the static access key id, or empty for the default provider chain
 * @param secretKey the static secret access key; empty exactly when {@code accessKey} is
 * @param pathStyle whether to address the bucket in the path ({@code http://host/bucket/key}, as
 *     most S3-compatible stores need) instead of the host name ({@code http://bucket.host/key})
 */
public record S3BlobSettings(
    URI endpoint,
    String region,
    String bucket,
    String prefix,
    String accessKey,
    String secretKey,
    boolean pathStyle) {

  // S3's rules for new buckets. The bucket also becomes the authority of every s3: reference, so
  // anything looser (upper case, underscores) would make references that BlobRefPolicy compares
  // differently from how S3 resolves them.
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern IP_ADDRESS = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");

  // One prefix segment. Restricted to characters that need no percent-encoding, so a key and the
  // path of its s3: URI are the same string (BlobRefPolicy refuses encoded references).
  private static final Pattern PREFIX_SEGMENT = Pattern.compile("[A-Za-z0-9._-]+");

  // AWS regions are lower-case words and digits; S3-compatible stores name theirs freely, so only
  // what cannot be a region at all is refused.
  private static final Pattern REGION = Pattern.compile("[A-Za-z0-9_-]+");

  /** Checks every field; see the record's description for the rules. */
  public S3BlobSettings {
    region = region == null ? "" : region.strip();
    bucket = bucket == null ? "" : bucket.strip();
    prefix = prefix == null ? "" : prefix;
    accessKey = accessKey == null ? "" : accessKey.strip();
    secretKey = secretKey == null ? "" : secretKey.strip();
    checkEndpoint(endpoint);
    if (!REGION.matcher(region).matches()) {
      throw new IllegalArgumentException(
          "S3 region must be a region name such as 'us-east-1', got '" + region + "'");
    }
    checkBucket(bucket);
    checkPrefix(prefix);
    if (accessKey.isEmpty() != secretKey.isEmpty()) {
      throw new IllegalArgumentException(
          "S3 credentials need both an access key and a secret key, or neither (to use the AWS"
              + " default credential provider chain); got only "
              + (accessKey.isEmpty() ? "a secret key" : "an access key"));
    }
  }

  /** The settings without the secret key, for logs and error messages. */
  @Override
  public String toString() {
    return "S3BlobSettings[endpoint="
        + (endpoint == null ? "(AWS default)" : endpoint)
        + ", region="
        + region
        + ", bucket="
        + bucket
        + ", prefix="
        + prefix
        + ", accessKey="
        + (accessKey.isEmpty() ? "(default provider chain)" : accessKey)
        + ", secretKey="
        + (secretKey.isEmpty() ? "" : "****")
        + ", pathStyle="
        + pathStyle
        + "]";
  }

  private static void checkEndpoint(URI endpoint) {
    if (endpoint == null) {
      return;
    }
    String scheme =
        endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException(
          "S3 endpoint must be an http or https URI, got '" + endpoint + "'");
    }
    if (endpoint.getHost() == null) {
      throw new IllegalArgumentException("S3 endpoint has no host: '" + endpoint + "'");
    }
    if (endpoint.getRawQuery() != null
        || endpoint.getRawFragment() != null
        || endpoint.getRawUserInfo() != null) {
      // Credentials belong in accessKey/secretKey, and the SDK would drop a query or fragment.
      throw new IllegalArgumentException(
          "S3 endpoint must not carry user info, a query or a fragment: '" + endpoint + "'");
    }
  }

  private static void checkBucket(String bucket) {
    if (!BUCKET.matcher(bucket).matches()
        || bucket.contains("..")
        || bucket.contains(".-")
        || bucket.contains("-.")
        || IP_ADDRESS.matcher(bucket).matches()) {
      throw new IllegalArgumentException(
          "S3 bucket must be 3-63 characters of lower-case letters, digits, '.' and '-', starting"
              + " and ending with a letter or digit, and not an IP address; got '"
              + bucket
              + "'");
    }
  }

  private static void checkPrefix(String prefix) {
    if (prefix.isEmpty()) {
      return;
    }
    if (!prefix.endsWith("/")) {
      // Without the slash the store root (s3://bucket/blobs/) and the keys (blobs-sha256/...) would
      // disagree, and BlobRefPolicy would refuse every reference the store makes.
      throw new IllegalArgumentException(
          "S3 key prefix must be empty or end with '/', e.g. '"
              + prefix
              + "/'; got '"
              + prefix
              + "'");
    }
    for (String segment : prefix.substring(0, prefix.length() - 1).split("/", -1)) {
      if (!PREFIX_SEGMENT.matcher(segment).matches()
          || segment.equals(".")
          || segment.equals("..")) {
        throw new IllegalArgumentException(
            "S3 key prefix must be segments of letters, digits, '.', '_' and '-' each followed by"
                + " '/' (no leading '/', no empty, '.' or '..' segment); got '"
                + prefix
                + "'");
      }
    }
  }
}
