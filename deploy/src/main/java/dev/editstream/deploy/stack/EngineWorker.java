package dev.editstream.deploy.stack;

import dev.editstream.deploy.config.EditStreamConfig;
import dev.editstream.editing.BundleDescriptor;
import dev.editstream.models.BundleOptions;
import dev.editstream.schemas.blob.BlobStore;
import dev.editstream.workers.engine.EditEngine;
import dev.editstream.workers.executor.BundleRoutedExecutor;
import dev.editstream.workers.executor.EngineJobExecutor;
import dev.editstream.workers.executor.EngineResolver;
import dev.editstream.workers.metrics.DenoiserCalls;
import dev.editstream.workers.metrics.MeteredBlobStore;
import dev.editstream.workers.runtime.EditWorker;
import dev.editstream.workers.runtime.JobExecutor;
import dev.editstream.workers.runtime.ResolutionWorker;
import io.micrometer.core.instrument.MeterRegistry;
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
  private final DenoiserCalls denoiserCalls;

  private EngineWorker(
      List<EditEngine> engines,
      EditWorker worker,
      ResolutionWorker resolution,
      EditStreamConfig config,
      DenoiserCalls denoiserCalls) {
    this.engines = engines;
    this.worker = worker;
    this.resolution = resolution;
    this.config = config;
    this.denoiserCalls = denoiserCalls;
  }

  /**
   * Loads the bundles' models and starts a worker.
   *
   * @param config worker keys ({@code editstream.worker.*})
   * @param bootstrapServers Kafka
   * @param registryConfig serde configuration
   * @param blobs where sources are read and results stored
   * @param bundles the deployed bundles by name
   * @param meters where the workers record their meters, the blob bytes they store among them (see
   *     {@code docs/metrics.md})
   */
  public static EngineWorker start(
      EditStreamConfig config,
      String bootstrapServers,
      Map<String, ?> registryConfig,
      BlobStore store,
      Map<String, BundleDescriptor> bundles,
      MeterRegistry meters) {
    List<EditEngine> engines = new ArrayList<>();
    BlobStore blobs = new MeteredBlobStore(store, meters);
    DenoiserCalls denoiserCalls = new DenoiserCalls(meters);
    try {
      Map<String, JobExecutor> bySha = new HashMap<>();
      Map<String, EditEngine> enginesBySha = new HashMap<>();
      for (BundleDescriptor b : bundles.values()) {
        EditEngine engine =
            EditEngine.open(
                b.directory(), BundleOptions.defaults(), b.defaults().calibrationCaptions());
        engines.add(engine);
        bySha.put(b.sha256().toLowerCase(Locale.ROOT), new EngineJobExecutor(engine, blobs));
        enginesBySha.put(b.sha256().toLowerCase(Locale.ROOT), engine);
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
              .progressInterval(config.get(EditStreamConfig.WORKER_PROGRESS_INTERVAL))
              .build();
      ResolutionWorker resolution =
          ResolutionWorker.start(
              settings, new EngineResolver(enginesBySha, blobs, settings.workerId()), meters);
      EditWorker worker;
      try {
        worker = EditWorker.start(settings, new BundleRoutedExecutor(bySha), meters);
      } catch (RuntimeException e) {
        resolution.close();
        throw e;
      }
      return new EngineWorker(engines, worker, resolution, config, denoiserCalls);
    } catch (RuntimeException e) {
      engines.forEach(EditEngine::close);
      throw e;
    }
  }

  /** The worker's id. */
  public String workerId() {
    return worker.workerId();
  }

  /** Whether both workers take and run jobs. */
  public boolean isHealthy() {
    return worker.isRunning() && resolution.isRunning();
  }

  /**
   * The meters of this process's denoiser calls (rows per call, padding, call time), for the step
   * batcher to record every call into.
   */
  public DenoiserCalls denoiserCalls() {
    return denoiserCalls;
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
