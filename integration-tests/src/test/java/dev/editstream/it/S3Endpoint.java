package dev.editstream.it;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.awaitility.Awaitility;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 endpoint for the integration tests: s3proxy in a child JVM on 127.0.0.1, on jclouds'
 * in-memory backend, checking AWS V4 signatures against one key pair. It runs on blob-s3's test
 * class path ({@code s3proxy.classpath}, written by that module's build): s3proxy needs Jetty 11,
 * and this class path holds the gateway's Jetty 12.
 */
final class S3Endpoint implements AutoCloseable {

  private static final String ACCESS_KEY = "editstream-it";
  private static final String SECRET_KEY = "editstream-it-secret";

  private final Process process;
  private final URI uri;

  private S3Endpoint(Process process, URI uri) {
    this.process = process;
    this.uri = uri;
  }

  /** Starts the server and returns once it answers HTTP. */
  static S3Endpoint start() throws Exception {
    Path classpathFile = Path.of(System.getProperty("s3proxy.classpath", "s3proxy.classpath"));
    if (!Files.isRegularFile(classpathFile)) {
      throw new IllegalStateException(
          "no s3proxy class path at " + classpathFile + ": build blob-s3 first (mvn -pl blob-s3)");
    }
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    URI uri = URI.create("http://127.0.0.1:" + port);
    Path dir = Files.createDirectories(Path.of("target", "s3proxy"));
    Path properties = dir.resolve("s3proxy-" + port + ".properties");
    Properties p = new Properties();
    p.setProperty("s3proxy.endpoint", uri.toString());
    p.setProperty("s3proxy.authorization", "aws-v2-or-v4");
    p.setProperty("s3proxy.identity", ACCESS_KEY);
    p.setProperty("s3proxy.credential", SECRET_KEY);
    p.setProperty("jclouds.provider", "transient");
    p.setProperty("jclouds.identity", "identity");
    p.setProperty("jclouds.credential", "credential");
    try (var w = Files.newBufferedWriter(properties)) {
      p.store(w, "s3proxy for the integration tests");
    }
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                Files.readString(classpathFile).trim(),
                "org.gaul.s3proxy.Main",
                "--properties",
                properties.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("s3proxy-" + port + ".log").toFile())
            .start();
    S3Endpoint endpoint = new S3Endpoint(process, uri);
    try {
      HttpClient http = HttpClient.newHttpClient();
      Awaitility.await("s3proxy answering at " + uri)
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(
              () -> {
                if (!process.isAlive()) {
                  throw new IllegalStateException(
                      "s3proxy exited with " + process.exitValue() + ", see " + dir);
                }
                return http.send(
                            HttpRequest.newBuilder(uri).GET().build(),
                            HttpResponse.BodyHandlers.discarding())
                        .statusCode()
                    > 0;
              });
    } catch (RuntimeException e) {
      endpoint.close();
      throw e;
    }
    return endpoint;
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
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
