package dev.editstream.deploy.broker;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka in this JVM: one KRaft process that is both broker and controller.
 *
 * <p>The data directory is formatted with Kafka's storage formatter the first time and reused on
 * every later start, so topics, offsets and the registry's {@code _schemas} survive restarts. The
 * quorum is static ({@code controller.quorum.voters}), so the ports may change between restarts.
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final int NODE_ID = 1;
  private static final String CONTROLLER_LISTENER = "CONTROLLER";

  private final KafkaRaftServer server;
  private final String bootstrapServers;
  private final String clusterId;
  private boolean stopped;

  private EmbeddedKafka(KafkaRaftServer server, String bootstrapServers, String clusterId) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
    this.clusterId = clusterId;
  }

  /**
   * Formats the data directory when it is new, then starts the broker and controller.
   *
   * @param settings where to keep data and listen
   * @return the running broker; {@link #close()} stops it
   * @throws BrokerStartException when a port is taken or the data directory is unusable
   */
  public static EmbeddedKafka start(BrokerSettings settings) {
    int port = FreePorts.resolve(settings.host(), settings.port(), "editstream.kafka.port");
    int controllerPort =
        FreePorts.resolve(
            settings.host(), settings.controllerPort(), "editstream.kafka.controller.port");
    Path logDir = settings.dataDir().toAbsolutePath();
    Properties props = serverProperties(logDir, settings.host(), port, controllerPort);
    KafkaConfig config = KafkaConfig.fromProps(props, false);
    String clusterId = formatIfNew(logDir, config);
    KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
    try {
      server.startup();
    } catch (RuntimeException e) {
      server.shutdown();
      throw new BrokerStartException("broker failed to start: " + e.getMessage(), e);
    }
    String bootstrap = settings.host() + ":" + port;
    LOG.info(
        "Kafka broker {} (cluster {}) listening on {}, data in {}",
        NODE_ID,
        clusterId,
        bootstrap,
        logDir);
    return new EmbeddedKafka(server, bootstrap, clusterId);
  }

  /** Returns the {@code bootstrap.servers} value clients use. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Returns the KRaft cluster id written when the data directory was formatted. */
  public String clusterId() {
    return clusterId;
  }

  /** Stops broker and controller and waits until they have released the data directory. */
  @Override
  public synchronized void close() {
    if (stopped) {
      return;
    }
    stopped = true;
    server.shutdown();
    server.awaitShutdown();
    LOG.info("Kafka broker stopped");
  }

  private static Properties serverProperties(
      Path logDir, String host, int port, int controllerPort) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", Integer.toString(NODE_ID));
    p.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
    p.put(
        "listeners",
        "PLAINTEXT://"
            + host
            + ":"
            + port
            + ","
            + CONTROLLER_LISTENER
            + "://"
            + host
            + ":"
            + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://" + host + ":" + port);
    p.put("controller.listener.names", CONTROLLER_LISTENER);
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", logDir.toString());
    // One machine, one replica: every internal topic must fit that.
    p.put("num.partitions", "1");
    p.put("default.replication.factor", "1");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "5");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "5");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    // Topics come from the catalogue (provisioning) or from Kafka Streams; a typo must not create
    // one.
    p.put("auto.create.topics.enable", "false");
    return p;
  }

  private static String formatIfNew(Path logDir, KafkaConfig config) {
    Path meta = logDir.resolve(MetaPropertiesEnsemble.META_PROPERTIES_NAME);
    try {
      if (Files.exists(meta)) {
        String clusterId = readClusterId(meta);
        LOG.info("Reusing formatted Kafka data directory {} (cluster {})", logDir, clusterId);
        return clusterId;
      }
      Files.createDirectories(logDir);
      String clusterId = Uuid.randomUuid().toString();
      new Formatter()
          .setPrintStream(
              new PrintStream(PrintStream.nullOutputStream(), true, StandardCharsets.UTF_8))
          .setNodeId(NODE_ID)
          .setClusterId(clusterId)
          .setReleaseVersion(MetadataVersion.latestProduction())
          .setControllerListenerName(CONTROLLER_LISTENER)
          .setMetadataLogDirectory(config.metadataLogDir())
          .addDirectory(logDir.toString())
          .run();
      LOG.info("Formatted new Kafka data directory {} (cluster {})", logDir, clusterId);
      return clusterId;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new BrokerStartException(
          "cannot format Kafka data directory " + logDir + ": " + e.getMessage(), e);
    }
  }

  private static String readClusterId(Path meta) throws IOException {
    Properties props = new Properties();
    try (var in = Files.newInputStream(meta)) {
      props.load(in);
    }
    return props.getProperty("cluster.id", "?");
  }
}
