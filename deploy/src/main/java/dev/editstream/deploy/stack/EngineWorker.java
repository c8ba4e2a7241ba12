package dev.editstream.deploy.stack;

import dev.editstream.deploy.config.EditStreamConfig;
import dev.editstream.editing.BundleDescriptor;
import dev.editstream.models.BundleOptions;
import dev.editstream.schemas.blob.BlobStore;
import dev.editstream.workers.engine.EditEngine;
import dev.editstream.workers.engine.model.BatchLayout;
import dev.editstream.workers.engine.model.BatchSettings;
import dev.editstream.workers.engine.model.DenoiserCallListener;
import dev.editstream.workers.executor.BundleRoutedExecutor;
import dev.editstream.workers.executor.EngineJobExecutor;
import dev.editstream.workers.executor.EngineResolver;
import dev.editstream.workers.runtime.EditWorker;
import dev.editstream.workers.runtime.JobExecutor;
import dev.editstream.workers.runtime.ResolutionWorker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workers of one process with their engines: one engine (TensorFlow SavedModel) per deployed
 * bundle, jobs routed to the bundle they were planned for. An edit worker consumes {@code
 * jobs-edit} as a member of the workers' group; a resolution worker consumes {@code jobs-invert}
 * and {@code jobs-caption} as a member of {@code <group>-resolve}, on the same engines. Closing it
 * stops the workers first (running jobs may finish until the configured close timeout), then the
 * engines.
 */
public final class EngineWorker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EngineWorker.class);

  private final List<EditEngine> engines;
  private final EditWorker worker;
  private final ResolutionWorker resolution;
  private final EditStreamConfig config;

  private EngineWorker(
      List<EditEngine> engines,
      EditWorker worker,
      ResolutionWorker resolution,
      EditStreamConfig config) {
    this.engines = engines;
    this.worker = worker;
    this.resolution = resolution;
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
      Map<String, EditEngine> enginesBySha = new HashMap<>();
      BundleOptions options = BundleOptions.defaults();
      BatchSettings batching = batching(config, options.intraOpThreads());
      for (BundleDescriptor b : bundles.values()) {
        EditEngine engine =
            EditEngine.open(
                b.directory(),
                options,
                b.defaults().calibrationCaptions(),
                batching,
                DenoiserCallListener.none());
        engines.add(engine);
        bySha.put(b.sha256().toLowerCase(Locale.ROOT), new EngineJobExecutor(engine, blobs));
        enginesBySha.put(b.sha256().toLowerCase(Locale.ROOT), engine);
        LOG.info(
            "Edit worker serves bundle {} ({}) on CPU, {} jobs at once, {}",
            b.bundleId(),
            b.sha256(),
            config.get(EditStreamConfig.WORKER_THREADS),
            engine.callFingerprint());
      }
      String workerId = config.get(EditStreamConfig.WORKER_ID);
      var settings =
          dev.editstream.workers.runtime.WorkerSettings.builder(bootstrapServers, registryConfig)
              .workerId(workerId.isEmpty() ? null : workerId)
              .groupId(config.get(EditStreamConfig.WORKER_GROUP_ID))
              .threads(config.get(EditStreamConfig.WORKER_THREADS))
              .attempts(config.get(EditStreamConfig.WORKER_ATTEMPTS))
              .closeTimeout(config.get(EditStreamConfig.WORKER_CLOSE_TIMEOUT))
              .progressInterval(config.get(EditStreamConfig.WORKER_PROGRESS_INTERVAL))
              .build();
      ResolutionWorker resolution =
          ResolutionWorker.start(
              settings, new EngineResolver(enginesBySha, blobs, settings.workerId()));
      EditWorker worker;
      try {
        worker = EditWorker.start(settings, new BundleRoutedExecutor(bySha));
      } catch (RuntimeException e) {
        resolution.close();
        throw e;
      }
      return new EngineWorker(engines, worker, resolution, config);
    } catch (RuntimeException e) {
      engines.forEach(EditEngine::close);
      throw e;
    }
  }

  /** The batching the worker keys ask for, on a bundle run with this many intra-op threads. */
  static BatchSettings batching(EditStreamConfig config, int intraOpThreads) {
    if (!config.get(EditStreamConfig.WORKER_BATCHING)) {
      return BatchSettings.off(intraOpThreads);
    }
    List<Integer> sizes = config.get(EditStreamConfig.WORKER_BATCH_SIZES);
    BatchLayout layout =
        sizes.isEmpty()
            ? BatchLayout.forThreads(intraOpThreads)
            : new BatchLayout(sizes, intraOpThreads);
    int maxRows = Math.min(config.get(EditStreamConfig.WORKER_BATCH_MAX_ROWS), layout.maxRows());
    return new BatchSettings(
        true, layout, maxRows, config.get(EditStreamConfig.WORKER_BATCH_ADMISSION_DELAY));
  }

  /** The worker's id. */
  public String workerId() {
    return worker.workerId();
  }

  /** Whether both workers take and run jobs. */
  public boolean isHealthy() {
    return worker.isRunning() && resolution.isRunning();
  }

  /** The resolution worker (inversions and captions), for its counts. */
  public ResolutionWorker resolution() {
    return resolution;
  }

  @Override
  public void close() {
    resolution.close();
    worker.close(config.get(EditStreamConfig.WORKER_CLOSE_TIMEOUT));
    engines.forEach(EditEngine::close);
  }
}
