package dev.editstream.blob.s3;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 endpoint for tests: s3proxy in this JVM on 127.0.0.1 and a free port, on jclouds'
 * in-memory {@code transient} backend, checking AWS V4 signatures against one fixed key pair.
 */
final class S3ProxyServer {

  static final String ACCESS_KEY = "editstream-test";
  static final String SECRET_KEY = "editstream-test-secret";

  private final BlobStoreContext context;
  private final S3Proxy proxy;
  private final URI endpoint;
  private final AtomicInteger buckets = new AtomicInteger();

  private S3ProxyServer(BlobStoreContext context, S3Proxy proxy) {
    this.context = context;
    this.proxy = proxy;
    this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  /** Starts a server; {@link S3Proxy#start} returns once Jetty listens, so nothing to wait for. */
  static S3ProxyServer start() throws Exception {
    BlobStoreContext context =
        ContextBuilder.newBuilder("transient")
            .credentials("identity", "credential")
            .build(BlobStoreContext.class);
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(context.getBlobStore())
            // Port 0: the OS picks a free one, read back with getPort() once started.
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .build();
    try {
      proxy.start();
    } catch (Exception e) {
      context.close();
      throw e;
    }
    if (!"STARTED".equals(proxy.getState())) {
      proxy.stop();
      context.close();
      throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
    }
    return new S3ProxyServer(context, proxy);
  }

  URI endpoint() {
    return endpoint;
  }

  /** Settings for a bucket of this server, with its keys and path-style addressing. */
  S3BlobSettings settings(String bucket, String prefix) {
    return new S3BlobSettings(
        endpoint, "us-east-1", bucket, prefix, ACCESS_KEY, SECRET_KEY, /* pathStyle= */ true);
  }

  /** A new, empty bucket of this server (each test gets its own, so tests share no objects). */
  String newBucket(S3Client admin) {
    String bucket = "blobs-" + buckets.incrementAndGet();
    admin.createBucket(request -> request.bucket(bucket));
    return bucket;
  }

  /** Stops Jetty and drops the in-memory buckets. */
  void stop() throws Exception {
    try {
      proxy.stop();
    } finally {
      context.close();
    }
  }
}
