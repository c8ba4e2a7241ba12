package dev.editstream.deploy.cli;

import dev.editstream.deploy.config.EditStreamConfig;
import dev.editstream.deploy.gc.BlobCollector;
import dev.editstream.deploy.gc.BlobReferences;
import dev.editstream.deploy.gc.CollectionReport;
import dev.editstream.deploy.gc.GcException;
import dev.editstream.deploy.gc.GracePeriod;
import dev.editstream.deploy.stack.BlobStores;
import dev.editstream.schemas.blob.BlobStore;
import dev.editstream.schemas.blob.BlobStoreException;
import dev.editstream.schemas.blob.StoredBlob;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code editstream blobs gc [--dry-run]}: deletes the blobs of the configured store that no live
 * record refers to and that are older than the grace period (docs/blobs.md), and prints what it
 * kept and deleted. Exit code 0 when done, 1 when the mark or the store failed (nothing is deleted
 * after a failed mark).
 */
@Command(
    name = "gc",
    mixinStandardHelpOptions = true,
    description = {
      "Delete blobs no live record refers to once they are older than the longest retention of"
          + " the topics that can refer to them (30 days); print what was kept and deleted.",
      "Reads every topic of the Kafka of editstream.bootstrap.servers to its end first."
    })
public final class BlobGcCommand implements Callable<Integer> {

  private final EditStreamConfig config;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--dry-run", description = "Report what would be deleted; delete nothing.")
  boolean dryRun;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "120",
      description = "How long reading one topic to its end may take (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  /**
   * Creates the command.
   *
   * @param config the loaded configuration (Kafka, registry, blob store)
   */
  public BlobGcCommand(EditStreamConfig config) {
    this.config = config;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    BlobStore store = BlobStores.open(config);
    try {
      Duration grace = GracePeriod.ofCatalogue();
      out.printf(
          "Blob store %s; grace %s%s%n", store.root(), describe(grace), dryRun ? "; dry run" : "");
      BlobReferences references =
          BlobCollector.mark(
              config.bootstrapServers(),
              Map.of("schema.registry.url", config.registryUrl()),
              Duration.ofSeconds(timeoutSeconds));
      out.printf(
          "Marked %d referenced blobs in %d live records of %d topics%n",
          references.sha256s().size(),
          references.recordsRead(),
          references.referencesByTopic().size());
      references
          .referencesByTopic()
          .forEach(
              (topic, count) -> {
                if (count > 0) {
                  out.printf("  %-40s %d references%n", topic, count);
                }
              });
      CollectionReport report =
          new BlobCollector(store, grace, Clock.systemUTC()).sweep(references, dryRun);
      for (StoredBlob blob : report.deleted()) {
        out.printf(
            "%s %s %d bytes, last written %s%n",
            dryRun ? "WOULD DELETE" : "DELETED", blob.sha256(), blob.size(), blob.lastModified());
      }
      out.printf(
          "Kept %d referenced (%d bytes), %d unreferenced younger than the grace (%d bytes);"
              + " %s %d (%d bytes)%n",
          report.keptReferenced(),
          report.keptReferencedBytes(),
          report.keptYoung(),
          report.keptYoungBytes(),
          dryRun ? "would delete" : "deleted",
          report.deleted().size(),
          report.deletedBytes());
      out.flush();
      return 0;
    } catch (GcException | BlobStoreException | org.apache.kafka.common.KafkaException e) {
      spec.commandLine().getErr().println("editstream blobs gc failed: " + e.getMessage());
      return 1;
    } finally {
      if (store instanceof AutoCloseable closeable) {
        closeable.close();
      }
    }
  }

  private static String describe(Duration grace) {
    return grace.toDays() > 0 && grace.equals(Duration.ofDays(grace.toDays()))
        ? grace.toDays() + "d"
        : grace.toString();
  }
}
