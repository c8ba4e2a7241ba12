package dev.editstream.deploy.stack;

import dev.editstream.deploy.config.EditStreamConfig;
import dev.editstream.editing.BundleDescriptor;
import dev.editstream.models.BundleOptions;
import dev.editstream.schemas.blob.BlobStore;
import dev.editstream.workers.engine.EditEngine;
import dev.editstream.workers.executor.BundleRoutedExecutor;
import dev.editstream.workers.executor.EngineJobExecutor;
import dev.editstream.workers.runtime.EditWorker;
import dev.editstream.workers.runtime.JobExecutor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An edit worker with its engines: one engine (TensorFlow SavedModel) per deployed bundle, jobs
 * routed to the bundle they were planned for, consuming {@code jobs-edit} as a member of the
 * workers' group. Closing it stops the worker first (running jobs may finish until the configured
 * close timeout), then the engines.
 */
public final class EngineWorker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EngineWorker.class);

  private final List<EditEngine> engines;
  private final EditWorker worker;
  private final EditStreamConfig config;

  private EngineWorker(List<EditEngine> engines, EditWorker worker, EditStreamConfig config) {
    this.engines = engines;
    this.worker = worker;
    this.config = config;
  }

  /**
   * Loads the bundles' models and starts a worker.
   *
   * @param config worker keys ({@code editstream.worker.*})
   * @param bootstrapServers Kafka
   * @param registryConfig serde configuration
   * @param blobs where sources are read and results stored
   * @param bundles the deployed bundles by name
   */
  public static EngineWorker start(
      EditStreamConfig config,
      String bootstrapServers,
      Map<String, ?> registryConfig,
      BlobStore blobs,
      Map<String, BundleDescriptor> bundles) {
    List<EditEngine> engines = new ArrayList<>();
    try {
      Map<String, JobExecutor> bySha = new HashMap<>();
      for (BundleDescriptor b : bundles.values()) {
        EditEngine engine =
            EditEngine.open(
                b.directory(), BundleOptions.defaults(), b.defaults().calibrationCaptions());
        engines.add(engine);
        bySha.put(b.sha256().toLowerCase(Locale.ROOT), new EngineJobExecutor(engine, blobs));
        LOG.info("Edit worker serves bundle {} ({}) on CPU", b.bundleId(), b.sha256());
      }
      String workerId = config.get(EditStreamConfig.WORKER_ID);
      var settings =
          dev.editstream.workers.runtime.WorkerSettings.builder(bootstrapServers, registryConfig)
              .workerId(workerId.isEmpty() ? null : workerId)
              .groupId(config.get(EditStreamConfig.WORKER_GROUP_ID))
              .threads(config.get(EditStreamConfig.WORKER_THREADS))
              .attempts(config.get(EditStreamConfig.WORKER_ATTEMPTS))
              .closeTimeout(config.get(EditStreamConfig.WORKER_CLOSE_TIMEOUT))
              .build();
      EditWorker worker = EditWorker.start(settings, new BundleRoutedExecutor(bySha));
      return new EngineWorker(engines, worker, config);
    } catch (RuntimeException e) {
      engines.forEach(EditEngine::close);
      throw e;
    }
  }

  /** The worker's id. */
  public String workerId() {
    return worker.workerId();
  }

  /** Whether the worker takes and runs jobs. */
  public boolean isHealthy() {
    return worker.isRunning();
  }

  @Override
  public void close() {
    worker.close(config.get(EditStreamConfig.WORKER_CLOSE_TIMEOUT));
    engines.forEach(EditEngine::close);
  }
}
