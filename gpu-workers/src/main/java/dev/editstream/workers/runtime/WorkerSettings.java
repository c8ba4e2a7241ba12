package dev.editstream.workers.runtime;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How an {@link EditWorker} runs. Validated on construction; {@link #builder} fills the defaults.
 *
 * @param bootstrapServers Kafka's {@code bootstrap.servers}
 * @param registryConfig serde configuration, at least {@code schema.registry.url}
 * @param groupId the consumer group of the edit workers (default {@value #DEFAULT_GROUP_ID})
 * @param transactionalIdPrefix with the worker id, the outcome producer's {@code transactional.id}
 *     (default {@value #DEFAULT_TRANSACTIONAL_ID_PREFIX})
 * @param workerId this instance's stable id (letters, digits, {@code . _ -}); it names the worker
 *     in outcomes and audit events and makes the transactional id, so a restarted instance fences
 *     its predecessor. Two live workers must not share one. Default: the host name.
 * @param threads compute threads, i.e. jobs run at once (default 1)
 * @param queueCapacity jobs held waiting beside the running ones before the worker pauses its
 *     partitions (default 4); a poll may overshoot it by less than one poll's records
 * @param attempts attempts per job for transient failures (default 3)
 * @param backoff wait before the second attempt, doubled for each further one (default 1 s)
 * @param closeTimeout how long {@link EditWorker#close()} lets running jobs finish (default 30 s)
 * @param progressStepFraction fraction of a stage's steps between progress reports (default 0.1)
 * @param progressInterval least time between two progress reports of one stage (default 500 ms):
 *     each report is a record the results stage processes, on the CPU the edit runs on, so a fast
 *     edit reports its stage's start and about twice a second, not every tenth of its steps
 * @param resultsLookBack how far back the worker reads {@code edit-results} at start to learn which
 *     requests are already decided (default 1 h; 0 = from the end)
 * @param kafkaOverrides extra client properties for every consumer and producer (security,
 *     timeouts, {@code max.poll.interval.ms}, ...); a key meant for one kind of client is ignored
 *     by the others. The keys the worker's guarantees rest on are refused: see {@link
 *     #RESERVED_KEYS}.
 */
public record WorkerSettings(
    String bootstrapServers,
    Map<String, Object> registryConfig,
    String groupId,
    String transactionalIdPrefix,
    String workerId,
    int threads,
    int queueCapacity,
    int attempts,
    Duration backoff,
    Duration closeTimeout,
    double progressStepFraction,
    Duration progressInterval,
    Duration resultsLookBack,
    Map<String, Object> kafkaOverrides) {

  /** The default consumer group. */
  public static final String DEFAULT_GROUP_ID = "editstream-edit-workers";

  /** The default prefix of the transactional id. */
  public static final String DEFAULT_TRANSACTIONAL_ID_PREFIX = "editstream-edit-worker";

  /** Client properties the worker sets itself and {@link #kafkaOverrides} may not. */
  public static final Set<String> RESERVED_KEYS =
      Set.of(
          "bootstrap.servers",
          "group.id",
          "group.protocol",
          "enable.auto.commit",
          "isolation.level",
          "transactional.id",
          "enable.idempotence",
          "acks",
          "key.deserializer",
          "value.deserializer",
          "key.serializer",
          "value.serializer");

  private static final Pattern WORKER_ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");

  /** Validates every setting and copies the maps. */
  public WorkerSettings {
    requireText(bootstrapServers, "bootstrapServers");
    registryConfig = Map.copyOf(Objects.requireNonNull(registryConfig, "registryConfig"));
    if (!registryConfig.containsKey("schema.registry.url")) {
      throw new IllegalArgumentException("registryConfig needs schema.registry.url");
    }
    requireText(groupId, "groupId");
    requireText(transactionalIdPrefix, "transactionalIdPrefix");
    if (workerId == null || !WORKER_ID.matcher(workerId).matches()) {
      throw new IllegalArgumentException(
          "workerId must be 1-100 letters, digits, '.', '_' or '-': " + workerId);
    }
    requireAtLeastOne(threads, "threads");
    requireAtLeastOne(queueCapacity, "queueCapacity");
    requireAtLeastOne(attempts, "attempts");
    requireNotNegative(backoff, "backoff");
    requireNotNegative(closeTimeout, "closeTimeout");
    requireNotNegative(resultsLookBack, "resultsLookBack");
    requireNotNegative(progressInterval, "progressInterval");
    if (!(progressStepFraction > 0 && progressStepFraction <= 1)) {
      throw new IllegalArgumentException(
          "progressStepFraction must be in (0, 1]: " + progressStepFraction);
    }
    kafkaOverrides = Map.copyOf(Objects.requireNonNull(kafkaOverrides, "kafkaOverrides"));
    for (String key : kafkaOverrides.keySet()) {
      if (RESERVED_KEYS.contains(key)) {
        throw new IllegalArgumentException(key + " is set by the worker, not by kafkaOverrides");
      }
    }
  }

  /**
   * Settings with every default, to adjust before {@link Builder#build()}.
   *
   * @param bootstrapServers Kafka's {@code bootstrap.servers}
   * @param registryConfig serde configuration, at least {@code schema.registry.url}
   */
  public static Builder builder(String bootstrapServers, Map<String, ?> registryConfig) {
    return new Builder(bootstrapServers, registryConfig);
  }

  /** The outcome producer's {@code transactional.id}: the prefix and the worker id. */
  public String transactionalId() {
    return transactionalIdPrefix + "-" + workerId;
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }

  private static void requireAtLeastOne(int value, String name) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be >= 1: " + value);
    }
  }

  private static void requireNotNegative(Duration value, String name) {
    if (value == null || value.isNegative()) {
      throw new IllegalArgumentException(name + " must be a duration >= 0: " + value);
    }
  }

  /** Collects settings, starting from the defaults. */
  public static final class Builder {
    private final String bootstrapServers;
    private final Map<String, Object> registryConfig;
    private String groupId = DEFAULT_GROUP_ID;
    private String transactionalIdPrefix = DEFAULT_TRANSACTIONAL_ID_PREFIX;
    private String workerId;
    private int threads = 1;
    private int queueCapacity = 4;
    private int attempts = 3;
    private Duration backoff = Duration.ofSeconds(1);
    private Duration closeTimeout = Duration.ofSeconds(30);
    private double progressStepFraction = 0.1;
    private Duration progressInterval = Duration.ofMillis(500);
    private Duration resultsLookBack = Duration.ofHours(1);
    private final Map<String, Object> kafkaOverrides = new HashMap<>();

    private Builder(String bootstrapServers, Map<String, ?> registryConfig) {
      this.bootstrapServers = bootstrapServers;
      this.registryConfig = registryConfig == null ? null : new HashMap<>(registryConfig);
    }

    /** The consumer group. */
    public Builder groupId(String groupId) {
      this.groupId = groupId;
      return this;
    }

    /** The transactional id's prefix. */
    public Builder transactionalIdPrefix(String prefix) {
      this.transactionalIdPrefix = prefix;
      return this;
    }

    /** This instance's stable id. */
    public Builder workerId(String workerId) {
      this.workerId = workerId;
      return this;
    }

    /** Compute threads. */
    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    /** Jobs held waiting. */
    public Builder queueCapacity(int queueCapacity) {
      this.queueCapacity = queueCapacity;
      return this;
    }

    /** Attempts per job. */
    public Builder attempts(int attempts) {
      this.attempts = attempts;
      return this;
    }

    /** The first retry's wait. */
    public Builder backoff(Duration backoff) {
      this.backoff = backoff;
      return this;
    }

    /** How long {@link EditWorker#close()} lets running jobs finish. */
    public Builder closeTimeout(Duration closeTimeout) {
      this.closeTimeout = closeTimeout;
      return this;
    }

    /** Fraction of a stage's steps between progress reports. */
    public Builder progressStepFraction(double fraction) {
      this.progressStepFraction = fraction;
      return this;
    }

    /** Least time between two progress reports of one stage. */
    public Builder progressInterval(Duration interval) {
      this.progressInterval = interval;
      return this;
    }

    /** How far back to read {@code edit-results} at start. */
    public Builder resultsLookBack(Duration lookBack) {
      this.resultsLookBack = lookBack;
      return this;
    }

    /** One extra client property for every consumer and producer. */
    public Builder kafka(String key, Object value) {
      kafkaOverrides.put(key, value);
      return this;
    }

    /** The settings; throws {@link IllegalArgumentException} for an invalid one. */
    public WorkerSettings build() {
      return new WorkerSettings(
          bootstrapServers,
          registryConfig,
          groupId,
          transactionalIdPrefix,
          workerId != null ? workerId : hostName(),
          threads,
          queueCapacity,
          attempts,
          backoff,
          closeTimeout,
          progressStepFraction,
          progressInterval,
          resultsLookBack,
          kafkaOverrides);
    }

    private static String hostName() {
      try {
        String name = InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "-");
        return name.isEmpty() ? "edit-worker" : name.substring(0, Math.min(name.length(), 100));
      } catch (UnknownHostException e) {
        return "edit-worker";
      }
    }
  }
}
