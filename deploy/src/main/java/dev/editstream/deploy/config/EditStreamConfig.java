package dev.editstream.deploy.config;

import dev.editstream.blob.s3.S3BlobSettings;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The typed configuration of the launcher and the single-machine stack.
 *
 * <p>Each key's value comes from, in rising precedence: its default, the properties file, an {@code
 * EDITSTREAM_...} environment variable, an explicit override (command-line flag). Every value is
 * parsed and checked when the configuration is loaded; all problems are reported at once in an
 * {@link InvalidConfigurationException}. Every key is documented in {@code docs/configuration.md}.
 */
public final class EditStreamConfig {

  /** Environment variables of the launcher itself that are not configuration keys. */
  private static final List<String> LAUNCHER_VARIABLES =
      List.of("EDITSTREAM_CONFIG", "EDITSTREAM_JAVA_OPTS");

  private static final List<ConfigKey<?>> KEYS = new ArrayList<>();

  /** Where broker data, Streams state and blobs live. */
  public static final ConfigKey<Path> DATA_DIR =
      key(
          "editstream.data.dir",
          ".editstream",
          "Directory for broker data, Kafka Streams state and (by default) blobs; created on first"
              + " start, reused afterwards.",
          ValueParsers.path());

  /** Address every embedded server binds to. */
  public static final ConfigKey<String> BIND_HOST =
      key(
          "editstream.bind.host",
          "127.0.0.1",
          "Address the embedded broker and registry bind to.",
          ValueParsers.nonEmptyText());

  /** The embedded broker's client port. */
  public static final ConfigKey<Integer> KAFKA_PORT =
      key(
          "editstream.kafka.port",
          "9092",
          "Client port of the embedded Kafka broker; 0 picks a free port.",
          ValueParsers.port());

  /** The embedded broker's KRaft controller port. */
  public static final ConfigKey<Integer> KAFKA_CONTROLLER_PORT =
      key(
          "editstream.kafka.controller.port",
          "9093",
          "KRaft controller port of the embedded broker; 0 picks a free port.",
          ValueParsers.port());

  /** The embedded schema registry's HTTP port. */
  public static final ConfigKey<Integer> REGISTRY_PORT =
      key(
          "editstream.registry.port",
          "8081",
          "HTTP port of the embedded schema registry; 0 picks a free port.",
          ValueParsers.port());

  /** The HTTP gateway's port. */
  public static final ConfigKey<Integer> GATEWAY_PORT =
      key(
          "editstream.gateway.port",
          "8082",
          "HTTP port of the gateway (/v1/edits, status included) that up and processors serve;"
              + " 0 picks a free port.",
          ValueParsers.port());

  /** The Prometheus endpoint's port in {@code up}. */
  public static final ConfigKey<Integer> METRICS_PORT =
      key(
          "editstream.metrics.port",
          "9400",
          "HTTP port of the Prometheus endpoint (GET /metrics) up serves for every part it runs;"
              + " 0 picks a free port. Binds bind.host.",
          ValueParsers.port());

  /** The address the gateway binds. */
  public static final ConfigKey<String> GATEWAY_HOST =
      key(
          "editstream.gateway.host",
          "127.0.0.1",
          "Address the HTTP gateway binds to; loopback unless set otherwise.",
          ValueParsers.nonEmptyText());

  /** The bearer token of the gateway; empty for none. */
  public static final ConfigKey<String> GATEWAY_TOKEN =
      key(
          "editstream.gateway.token",
          "",
          "Bearer token every gateway call must carry (Authorization: Bearer <token>); empty"
              + " means none is required.",
          ValueParsers.text());

  /** The largest body the gateway takes. */
  public static final ConfigKey<Long> GATEWAY_MAX_BODY_BYTES =
      key(
          "editstream.gateway.max.body.bytes",
          "16777216",
          "Largest request body the gateway takes, in bytes; larger ones are refused 413"
              + " BODY_TOO_LARGE.",
          ValueParsers.longRange(1, Integer.MAX_VALUE));

  /** How long the gateway remembers its submissions. */
  public static final ConfigKey<Duration> GATEWAY_IDEMPOTENCY_RETENTION =
      key(
          "editstream.gateway.idempotency.retention",
          "1h",
          "How long the gateway remembers what it submitted under a client-chosen id, answering"
              + " retries before the status store has the request.",
          ValueParsers.duration());

  /** Gateway clients use; empty means the stack's. */
  public static final ConfigKey<String> GATEWAY_URL =
      key(
          "editstream.gateway.url",
          "",
          "Gateway used by the status command; empty means http://gateway.host:gateway.port (the"
              + " stack's).",
          ValueParsers.text());

  /** Kafka address clients use; empty means the embedded broker's. */
  public static final ConfigKey<String> BOOTSTRAP_SERVERS =
      key(
          "editstream.bootstrap.servers",
          "",
          "Kafka bootstrap servers used by submit, watch and demo; empty means"
              + " bind.host:kafka.port (the embedded broker).",
          ValueParsers.text());

  /** Registry address clients use; empty means the embedded registry's. */
  public static final ConfigKey<String> REGISTRY_URL =
      key(
          "editstream.registry.url",
          "",
          "Schema registry URL used by submit, watch and demo; empty means"
              + " http://bind.host:registry.port (the embedded registry).",
          ValueParsers.text());

  /** Which blob store every part uses. */
  public static final ConfigKey<String> BLOB_STORE =
      key(
          "editstream.blob.store",
          "file",
          "Blob store of every part: file (a directory, editstream.blob.root) or s3 (a bucket of"
              + " S3-compatible storage, editstream.blob.s3.*).",
          ValueParsers.oneOf("file", "s3"));

  /** Root of the file blob store. */
  public static final ConfigKey<String> BLOB_ROOT =
      key(
          "editstream.blob.root",
          "",
          "Root directory of the file blob store; empty means <data.dir>/blobs.",
          ValueParsers.text());

  /** The S3 service's endpoint. */
  public static final ConfigKey<String> BLOB_S3_ENDPOINT =
      key(
          "editstream.blob.s3.endpoint",
          "",
          "Base URI of the S3 service (http://127.0.0.1:9000 for MinIO); empty means AWS's own"
              + " endpoint of the region.",
          ValueParsers.text());

  /** The S3 signing region. */
  public static final ConfigKey<String> BLOB_S3_REGION =
      key(
          "editstream.blob.s3.region",
          "us-east-1",
          "Signing region of the S3 service (S3-compatible stores accept any).",
          ValueParsers.nonEmptyText());

  /** The S3 bucket. */
  public static final ConfigKey<String> BLOB_S3_BUCKET =
      key(
          "editstream.blob.s3.bucket",
          "",
          "Bucket holding the blobs; must exist. Required when editstream.blob.store is s3.",
          ValueParsers.text());

  /** The S3 key prefix. */
  public static final ConfigKey<String> BLOB_S3_PREFIX =
      key(
          "editstream.blob.s3.prefix",
          "",
          "Prefix of every blob's key: empty, or segments each ending in '/' (editstream/blobs/).",
          ValueParsers.text());

  /** Path-style bucket addressing. */
  public static final ConfigKey<Boolean> BLOB_S3_PATH_STYLE =
      key(
          "editstream.blob.s3.path.style",
          "false",
          "Address the bucket in the path (http://host/bucket/key), as most S3-compatible stores"
              + " need; false uses the host name (http://bucket.host/key), as AWS prefers.",
          ValueParsers.bool());

  /** A static S3 access key id. */
  public static final ConfigKey<String> BLOB_S3_ACCESS_KEY =
      key(
          "editstream.blob.s3.access.key",
          "",
          "Static access key id; empty means the AWS default credential chain (AWS_ACCESS_KEY_ID"
              + " and AWS_SECRET_ACCESS_KEY, profiles, container and instance roles).",
          ValueParsers.text());

  /** The static S3 secret key; never logged. */
  public static final ConfigKey<String> BLOB_S3_SECRET_KEY =
      key(
          "editstream.blob.s3.secret.key",
          "",
          "Static secret access key, set exactly when the access key is; never logged or printed.",
          ValueParsers.text());

  /** Bound on start-up of every part. */
  public static final ConfigKey<Duration> STARTUP_TIMEOUT =
      key(
          "editstream.startup.timeout",
          "60s",
          "How long up and demo wait for every part to report healthy.",
          ValueParsers.duration());

  /** Kafka Streams application id of intake. */
  public static final ConfigKey<String> INTAKE_APPLICATION_ID =
      key(
          "editstream.intake.application.id",
          "editstream-intake",
          "Kafka Streams application.id of intake (consumer group, state and internal topics).",
          ValueParsers.nonEmptyText());

  /** Model bundles intake accepts. */
  public static final ConfigKey<List<String>> INTAKE_BUNDLES =
      key(
          "editstream.intake.bundles",
          "shapes32",
          "Comma-separated model bundle names intake accepts; others are rejected UNKNOWN_BUNDLE.",
          ValueParsers.names());

  /** Largest source image, inline or by reference. */
  public static final ConfigKey<Long> INTAKE_MAX_IMAGE_BYTES =
      key(
          "editstream.intake.max.image.bytes",
          "8388608",
          "Largest source or mask image in bytes (inline or referenced); larger ones are rejected"
              + " IMAGE_TOO_LARGE.",
          ValueParsers.longRange(1, Integer.MAX_VALUE));

  /** Most pixels an image may declare in its header. */
  public static final ConfigKey<Long> INTAKE_MAX_IMAGE_PIXELS =
      key(
          "editstream.intake.max.image.pixels",
          "16777216",
          "Most pixels (width x height, read from the PNG/JPEG header before decoding) an image may"
              + " have; more is rejected IMAGE_TOO_MANY_PIXELS.",
          ValueParsers.longRange(1, 1L << 31));

  /** Longest image side. */
  public static final ConfigKey<Integer> INTAKE_MAX_IMAGE_SIDE =
      key(
          "editstream.intake.max.image.side",
          "8192",
          "Longest width or height in pixels; more is rejected IMAGE_TOO_MANY_PIXELS.",
          ValueParsers.intRange(1, 65_535));

  /** Longest caption or prompt. */
  public static final ConfigKey<Integer> INTAKE_MAX_PROMPT_CHARS =
      key(
          "editstream.intake.max.prompt.chars",
          "1000",
          "Longest source caption or target prompt in characters; longer is rejected"
              + " PROMPT_TOO_LONG.",
          ValueParsers.intRange(1, 1_000_000));

  /** Most sampler steps. */
  public static final ConfigKey<Integer> INTAKE_MAX_STEPS =
      key(
          "editstream.intake.max.steps",
          "1000",
          "Most sampler steps a request may ask for; more is rejected PARAMETER_OUT_OF_RANGE.",
          ValueParsers.intRange(1, 100_000));

  /** Largest guidance scale. */
  public static final ConfigKey<Double> INTAKE_MAX_GUIDANCE =
      key(
          "editstream.intake.max.guidance",
          "50",
          "Largest classifier-free guidance scale; more is rejected PARAMETER_OUT_OF_RANGE.",
          ValueParsers.doubleRange(0, 1000));

  /** How long a request id is remembered for de-duplication. */
  public static final ConfigKey<Duration> INTAKE_DEDUP_RETENTION =
      key(
          "editstream.intake.dedup.retention",
          "7d",
          "How long intake remembers a request id; a resubmission within this time is ignored.",
          ValueParsers.duration());

  /** Kafka Streams threads of intake. */
  public static final ConfigKey<Integer> INTAKE_THREADS =
      key(
          "editstream.intake.threads",
          "1",
          "Kafka Streams threads of intake.",
          ValueParsers.intRange(1, 64));

  /** Where model bundles live, one directory per bundle name. */
  public static final ConfigKey<Path> BUNDLES_DIR =
      key(
          "editstream.bundles.dir",
          "models/bundles",
          "Directory holding one model bundle directory per name (bundle.json, editing.json and the"
              + " SavedModel); relative paths are taken from the working directory.",
          ValueParsers.path());

  /** Kafka Streams application id of dispatch and the results stage. */
  public static final ConfigKey<String> FLOW_APPLICATION_ID =
      key(
          "editstream.flow.application.id",
          "editstream-flow",
          "Kafka Streams application.id of dispatch and the results stage.",
          ValueParsers.nonEmptyText());

  /** How often the results stage looks for passed deadlines. */
  public static final ConfigKey<Duration> FLOW_DEADLINE_CHECK =
      key(
          "editstream.flow.deadline.check.interval",
          "1s",
          "How often the results stage ends requests whose deadline passed (EXPIRED).",
          ValueParsers.duration());

  /** Whether {@code up} runs the stream processors in its own JVM. */
  public static final ConfigKey<Boolean> PROCESSORS_ENABLED =
      key(
          "editstream.processors.enabled",
          "true",
          "Whether up runs intake, the flow and the status endpoint itself; false when they run"
              + " elsewhere (editstream processors).",
          ValueParsers.bool());

  /** How often the stream processors commit. */
  public static final ConfigKey<Duration> PROCESSORS_COMMIT_INTERVAL =
      key(
          "editstream.processors.commit.interval",
          "10ms",
          "How often intake, dispatch, the resolution stages and results commit (Kafka Streams"
              + " commit.interval.ms; each commit is a transaction). A record's output is visible"
              + " to the next stage only once committed, so this bounds what each hop adds to an"
              + " edit's latency; raise it for throughput at high request rates.",
          ValueParsers.duration());

  /** The Prometheus endpoint's port of {@code editstream processors}. */
  public static final ConfigKey<Integer> PROCESSORS_METRICS_PORT =
      key(
          "editstream.processors.metrics.port",
          "9401",
          "HTTP port of the Prometheus endpoint (GET /metrics) the processors command serves;"
              + " 0 picks a free port. Binds bind.host.",
          ValueParsers.port());

  /** Whether this process runs an edit worker. */
  public static final ConfigKey<Boolean> WORKER_ENABLED =
      key(
          "editstream.worker.enabled",
          "true",
          "Whether up and demo run an edit worker in the same process (false: run workers"
              + " elsewhere).",
          ValueParsers.bool());

  /** Compute threads of the edit worker. */
  public static final ConfigKey<Integer> WORKER_THREADS =
      key(
          "editstream.worker.threads",
          "1",
          "Jobs the edit worker runs at once. With batching on they share denoiser calls; with"
              + " it off each uses the TensorFlow intra-op threads (the cores) on its own.",
          ValueParsers.intRange(1, 64));

  /** The device the worker's bundles run on. */
  public static final ConfigKey<dev.editstream.models.ComputeDevice> WORKER_DEVICE =
      key(
          "editstream.worker.device",
          "cpu",
          "Where the worker's bundles run: cpu, or gpu:N (needs the Maven profile gpu and CUDA;"
              + " docs/gpu.md). A GPU TensorFlow does not see stops the worker at start-up.",
          dev.editstream.models.ComputeDevice::parse);

  /** Whether TensorFlow takes GPU memory as it needs it. */
  public static final ConfigKey<Boolean> WORKER_GPU_MEMORY_GROWTH =
      key(
          "editstream.worker.gpu.memory.growth",
          "true",
          "On a GPU, whether TensorFlow takes device memory as it needs it (true) or nearly all"
              + " of it at start-up (false); true lets several workers share one GPU.",
          ValueParsers.bool());

  /** Resolution workers (inversions, captions) per worker process. */
  public static final ConfigKey<Integer> WORKER_RESOLVE_INSTANCES =
      key(
          "editstream.worker.resolve.instances",
          "1",
          "Resolution workers (jobs-invert, jobs-caption) a worker process runs, each a member of"
              + " the resolve group serving one job at a time; with batching on, their inversions"
              + " share denoiser calls. More than the topics' partitions stay idle.",
          ValueParsers.intRange(1, 64));

  /** Whether denoiser calls are batched across running jobs. */
  public static final ConfigKey<Boolean> WORKER_BATCHING =
      key(
          "editstream.worker.batching",
          "false",
          "Whether the jobs a worker runs at once share denoiser calls (step-level batching)."
              + " Every call then runs zero-padded to a size of editstream.worker.batch.sizes, a"
              + " lone job's included, so a job's bytes do not depend on its company; they differ"
              + " from the bytes with batching off. The fingerprint records which.",
          ValueParsers.bool());

  /** The padded sizes batched calls run at. */
  public static final ConfigKey<List<Integer>> WORKER_BATCH_SIZES =
      key(
          "editstream.worker.batch.sizes",
          "",
          "Padded sizes (rows) batched denoiser calls run at, ascending; empty means the first"
              + " safe on this CPU of 2,4,6,12,24 and 4,6,12,24 (with two intra-op threads; else"
              + " 6,12,24). A worker checks them at start-up and refuses to start when a size"
              + " changes a job's bits on its CPU.",
          ValueParsers.ascendingSizes());

  /** The most rows one batched call takes. */
  public static final ConfigKey<Integer> WORKER_BATCH_MAX_ROWS =
      key(
          "editstream.worker.batch.max.rows",
          "24",
          "The most rows one batched denoiser call takes (at most the largest padded size); a"
              + " job's call that does not fit waits for the next.",
          ValueParsers.intRange(4, 256));

  /** How long a batched call waits for more rows. */
  public static final ConfigKey<Duration> WORKER_BATCH_ADMISSION_DELAY =
      key(
          "editstream.worker.batch.admission.delay",
          "5ms",
          "How long a batched call waits for a running job that is between two calls to join it"
              + " (like Triton's max_queue_delay); a call runs at once when every running job"
              + " waits in one or it is full.",
          ValueParsers.duration());

  /** Consumer group of the edit workers. */
  public static final ConfigKey<String> WORKER_GROUP_ID =
      key(
          "editstream.worker.group.id",
          "editstream-edit-workers",
          "Consumer group the edit workers share the partitions of jobs-edit in.",
          ValueParsers.nonEmptyText());

  /** This worker instance's id. */
  public static final ConfigKey<String> WORKER_ID =
      key(
          "editstream.worker.id",
          "",
          "This edit worker's id, unique among the running workers and the same across its"
              + " restarts: its transactional id is derived from it, so a restarted worker aborts"
              + " its predecessor's open transaction, while two running workers with one id fence"
              + " each other (the first stops). Empty means the host name, which suits one worker"
              + " per machine; give each further worker on a machine its own id.",
          ValueParsers.optionalId());

  /** Attempts per job. */
  public static final ConfigKey<Integer> WORKER_ATTEMPTS =
      key(
          "editstream.worker.attempts",
          "3",
          "Attempts of a job that fails for a transient reason before it ends FAILED"
              + " (RETRIES_EXHAUSTED).",
          ValueParsers.intRange(1, 100));

  /** How long a stopping worker lets running jobs finish. */
  public static final ConfigKey<Duration> WORKER_CLOSE_TIMEOUT =
      key(
          "editstream.worker.close.timeout",
          "30s",
          "On shutdown, how long running jobs may finish; the rest are handed back unfinished"
              + " and redone by the next worker.",
          ValueParsers.duration());

  /** Least time between two progress reports of one stage of a job. */
  public static final ConfigKey<Duration> WORKER_PROGRESS_INTERVAL =
      key(
          "editstream.worker.progress.interval",
          "500ms",
          "Least time between two progress reports (edit-progress) of one stage of a job; a"
              + " stage's start is always reported. Each report costs the results stage a"
              + " transaction on the machine the edit runs on.",
          ValueParsers.duration());

  /** The Prometheus endpoint's port of {@code editstream worker}. */
  public static final ConfigKey<Integer> WORKER_METRICS_PORT =
      key(
          "editstream.worker.metrics.port",
          "9402",
          "HTTP port of the Prometheus endpoint (GET /metrics) the worker command serves; 0 picks"
              + " a free port. Binds bind.host. Give each further worker on a machine its own"
              + " port.",
          ValueParsers.port());

  /** How long demo waits for all outcomes. */
  public static final ConfigKey<Duration> DEMO_TIMEOUT =
      key(
          "editstream.demo.timeout",
          "10m",
          "How long demo waits for the next sample's result before giving up on the rest.",
          ValueParsers.duration());

  private final Map<String, Object> values;
  private final Map<String, String> sources;

  private EditStreamConfig(Map<String, Object> values, Map<String, String> sources) {
    this.values = values;
    this.sources = sources;
  }

  private static <T> ConfigKey<T> key(
      String name, String defaultValue, String doc, ValueParser<T> parser) {
    ConfigKey<T> key = new ConfigKey<>(name, defaultValue, doc, parser);
    KEYS.add(key);
    return key;
  }

  /** Returns every key, in documentation order. */
  public static List<ConfigKey<?>> keys() {
    return List.copyOf(KEYS);
  }

  /** Returns the configuration with every key at its default. */
  public static EditStreamConfig defaults() {
    return load(null, Map.of(), Map.of());
  }

  /**
   * Loads and checks the configuration.
   *
   * @param file a properties file, or null for none
   * @param environment environment variables ({@code System.getenv()})
   * @param overrides key-to-value overrides with the highest precedence (command-line flags)
   * @return the checked configuration
   * @throws InvalidConfigurationException listing every problem found
   */
  public static EditStreamConfig load(
      Path file, Map<String, String> environment, Map<String, String> overrides) {
    List<ConfigProblem> problems = new ArrayList<>();
    Map<String, String> raw = new HashMap<>();
    Map<String, String> sources = new HashMap<>();
    for (ConfigKey<?> key : KEYS) {
      raw.put(key.name(), key.defaultValue());
      sources.put(key.name(), "default");
    }
    if (file != null) {
      readFile(file, problems).forEach((k, v) -> put(k, v, "file " + file, raw, sources, problems));
    }
    for (ConfigKey<?> key : KEYS) {
      String value = environment.get(key.environmentVariable());
      if (value != null) {
        raw.put(key.name(), value);
        sources.put(key.name(), "environment variable " + key.environmentVariable());
      }
    }
    checkEnvironmentNames(environment, problems);
    overrides.forEach((k, v) -> put(k, v, "command line", raw, sources, problems));

    Map<String, Object> values = new LinkedHashMap<>();
    for (ConfigKey<?> key : KEYS) {
      String text = raw.get(key.name()).trim();
      try {
        values.put(key.name(), key.parser().parse(text));
      } catch (IllegalArgumentException e) {
        problems.add(
            new ConfigProblem(
                "CONFIG_INVALID_VALUE",
                key.name(),
                "'" + text + "' " + e.getMessage() + " (from " + sources.get(key.name()) + ")"));
      }
    }
    EditStreamConfig config = new EditStreamConfig(values, sources);
    if (problems.isEmpty()) {
      config.checkPortsDistinct(problems);
      config.checkBlobStore(problems);
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigurationException(problems);
    }
    return config;
  }

  private static void put(
      String key,
      String value,
      String source,
      Map<String, String> raw,
      Map<String, String> sources,
      List<ConfigProblem> problems) {
    if (!raw.containsKey(key)) {
      problems.add(
          new ConfigProblem(
              "CONFIG_UNKNOWN_KEY",
              key,
              "no such key (from " + source + "); see docs/configuration.md"));
      return;
    }
    raw.put(key, value);
    sources.put(key, source);
  }

  /** A misspelt EDITSTREAM_ variable would otherwise be ignored without a word. */
  private static void checkEnvironmentNames(
      Map<String, String> environment, List<ConfigProblem> problems) {
    List<String> known = new ArrayList<>(LAUNCHER_VARIABLES);
    KEYS.forEach(k -> known.add(k.environmentVariable()));
    environment.keySet().stream()
        .filter(name -> name.startsWith("EDITSTREAM_") && !known.contains(name))
        .sorted()
        .forEach(
            name ->
                problems.add(
                    new ConfigProblem(
                        "CONFIG_UNKNOWN_KEY",
                        name,
                        "environment variable names no key; see docs/configuration.md")));
  }

  private static Map<String, String> readFile(Path file, List<ConfigProblem> problems) {
    Properties props = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      props.load(in);
    } catch (IOException | IllegalArgumentException e) {
      problems.add(
          new ConfigProblem(
              "CONFIG_FILE_UNREADABLE", file.toString(), "cannot read: " + e.getMessage()));
      return Map.of();
    }
    Map<String, String> entries = new LinkedHashMap<>();
    props.stringPropertyNames().stream()
        .sorted()
        .forEach(k -> entries.put(k, props.getProperty(k)));
    return entries;
  }

  private void checkPortsDistinct(List<ConfigProblem> problems) {
    Map<Integer, String> seen = new HashMap<>();
    for (ConfigKey<Integer> key :
        List.of(
            KAFKA_PORT,
            KAFKA_CONTROLLER_PORT,
            REGISTRY_PORT,
            GATEWAY_PORT,
            METRICS_PORT,
            PROCESSORS_METRICS_PORT,
            WORKER_METRICS_PORT)) {
      int port = get(key);
      String other = port == 0 ? null : seen.putIfAbsent(port, key.name());
      if (other != null) {
        problems.add(
            new ConfigProblem(
                "CONFIG_CONFLICT",
                key.name(),
                "port " + port + " is also used by " + other + " (from " + source(key) + ")"));
      }
    }
  }

  /** The S3 keys must make a store when it is chosen: a bucket at least, and sound values. */
  private void checkBlobStore(List<ConfigProblem> problems) {
    if (!s3Blobs()) {
      return;
    }
    if (get(BLOB_S3_BUCKET).isEmpty()) {
      problems.add(
          new ConfigProblem(
              "CONFIG_CONFLICT",
              BLOB_S3_BUCKET.name(),
              "editstream.blob.store is s3 (from "
                  + source(BLOB_STORE)
                  + ") but no bucket is configured"));
      return;
    }
    try {
      s3BlobSettings();
    } catch (IllegalArgumentException e) {
      // The message never carries the secret key: S3BlobSettings names only what is wrong.
      problems.add(new ConfigProblem("CONFIG_INVALID_VALUE", "editstream.blob.s3", e.getMessage()));
    }
  }

  /** Whether the blob store is S3 ({@code editstream.blob.store=s3}). */
  public boolean s3Blobs() {
    return get(BLOB_STORE).equals("s3");
  }

  /**
   * Returns the S3 store's settings from the {@code editstream.blob.s3.*} keys.
   *
   * @throws IllegalArgumentException if they do not make a store (checked at load when s3 is on)
   */
  public S3BlobSettings s3BlobSettings() {
    String endpoint = get(BLOB_S3_ENDPOINT);
    URI uri;
    try {
      uri = endpoint.isEmpty() ? null : new URI(endpoint);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "editstream.blob.s3.endpoint is not a URI: '" + endpoint + "'", e);
    }
    return new S3BlobSettings(
        uri,
        get(BLOB_S3_REGION),
        get(BLOB_S3_BUCKET),
        get(BLOB_S3_PREFIX),
        get(BLOB_S3_ACCESS_KEY),
        get(BLOB_S3_SECRET_KEY),
        get(BLOB_S3_PATH_STYLE));
  }

  /**
   * Returns a key's value.
   *
   * @param key one of this class's keys
   * @param <T> the value's type
   * @return the parsed value
   */
  @SuppressWarnings("unchecked")
  public <T> T get(ConfigKey<T> key) {
    return (T) values.get(key.name());
  }

  /** Returns where a key's value came from: default, file, environment variable or command line. */
  public String source(ConfigKey<?> key) {
    return sources.get(key.name());
  }

  /** Returns the data directory as an absolute path. */
  public Path dataDir() {
    return get(DATA_DIR).toAbsolutePath().normalize();
  }

  /** Returns the blob store root: the configured one, or {@code <data.dir>/blobs}. */
  public Path blobRoot() {
    String configured = get(BLOB_ROOT);
    return configured.isEmpty()
        ? dataDir().resolve("blobs")
        : Path.of(configured).toAbsolutePath().normalize();
  }

  /** Returns the Kafka address clients use: the configured one or the embedded broker's. */
  public String bootstrapServers() {
    String configured = get(BOOTSTRAP_SERVERS);
    return configured.isEmpty() ? get(BIND_HOST) + ":" + get(KAFKA_PORT) : configured;
  }

  /** Returns the registry URL clients use: the configured one or the embedded registry's. */
  public String registryUrl() {
    String configured = get(REGISTRY_URL);
    return configured.isEmpty()
        ? "http://" + get(BIND_HOST) + ":" + get(REGISTRY_PORT)
        : configured;
  }

  /** Returns the gateway clients use: the configured one or the stack's. */
  public String gatewayUrl() {
    String configured = get(GATEWAY_URL);
    return configured.isEmpty()
        ? "http://" + get(GATEWAY_HOST) + ":" + get(GATEWAY_PORT)
        : configured;
  }

  /**
   * Returns the file to read when none is named: {@code EDITSTREAM_CONFIG}, else {@code
   * editstream.properties} in the working directory if it exists.
   *
   * @param environment environment variables
   * @return the file, if any
   */
  public static Optional<Path> defaultFile(Map<String, String> environment) {
    String named = environment.get("EDITSTREAM_CONFIG");
    if (named != null && !named.isBlank()) {
      return Optional.of(Path.of(named));
    }
    Path local = Path.of("editstream.properties");
    return Files.isRegularFile(local) ? Optional.of(local) : Optional.empty();
  }
}
