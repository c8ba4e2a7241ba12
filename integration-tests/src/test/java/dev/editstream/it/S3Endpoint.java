package dev.editstream.it;

import java.net.URI;
import java.util.Map;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 endpoint for the integration tests: s3proxy in this JVM on 127.0.0.1 and a free port,
 * on jclouds' in-memory backend, checking AWS V4 signatures against one key pair. (blob-s3's tests
 * have their own; test classes do not cross modules.)
 */
final class S3Endpoint implements AutoCloseable {

  private static final String ACCESS_KEY = "editstream-it";
  private static final String SECRET_KEY = "editstream-it-secret";

  private final BlobStoreContext context;
  private final S3Proxy proxy;
  private final URI uri;

  private S3Endpoint(BlobStoreContext context, S3Proxy proxy) {
    this.context = context;
    this.proxy = proxy;
    this.uri = URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  /** Starts the server; {@link S3Proxy#start} returns once Jetty listens. */
  static S3Endpoint start() throws Exception {
    BlobStoreContext context =
        ContextBuilder.newBuilder("transient")
            .credentials("identity", "credential")
            .build(BlobStoreContext.class);
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(context.getBlobStore())
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .build();
    proxy.start();
    if (!"STARTED".equals(proxy.getState())) {
      proxy.stop();
      context.close();
      throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
    }
    return new S3Endpoint(context, proxy);
  }

  /** A client of its own, to make buckets and look at objects behind the store's back. */
  S3Client client() {
    return S3Client.builder()
        .endpointOverride(uri)
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .build();
  }

  /** The {@code editstream.blob.*} keys of an S3 store on a bucket of this server. */
  Map<String, String> configuration(String bucket, String prefix) {
    return Map.of(
        "editstream.blob.store", "s3",
        "editstream.blob.s3.endpoint", uri.toString(),
        "editstream.blob.s3.bucket", bucket,
        "editstream.blob.s3.prefix", prefix,
        "editstream.blob.s3.path.style", "true",
        "editstream.blob.s3.access.key", ACCESS_KEY,
        "editstream.blob.s3.secret.key", SECRET_KEY);
  }

  @Override
  public void close() throws Exception {
    try {
      proxy.stop();
    } finally {
      context.close();
    }
  }
}
