package dev.editstream.deploy.stack;

import dev.editstream.deploy.config.EditStreamConfig;
import dev.editstream.editing.BundleDescriptor;
import dev.editstream.models.BundleOptions;
import dev.editstream.schemas.blob.BlobStore;
import dev.editstream.workers.engine.EditEngine;
import dev.editstream.workers.engine.model.BatchLayout;
import dev.editstream.workers.engine.model.BatchSettings;
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
  private final List<ResolutionWorker> resolution;
  private final EditStreamConfig config;

  private EngineWorker(
      List<EditEngine> engines,
      EditWorker worker,
      List<ResolutionWorker> resolution,
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
      BundleOptions options =
          BundleOptions.defaults()
              .on(
                  config.get(EditStreamConfig.WORKER_DEVICE),
                  config.get(EditStreamConfig.WORKER_GPU_MEMORY_GROWTH));
      BatchSettings batching = batching(config, options.intraOpThreads());
      for (BundleDescriptor b : bundles.values()) {
        EditEngine engine =
            EditEngine.open(
                b.directory(),
                options,
                b.defaults().calibrationCaptions(),
                batching,
                (call, rows, paddedRows, jobs, nanos) ->
                    denoiserCalls.record(call.signature(), rows, paddedRows, nanos));
        engines.add(engine);
        bySha.put(b.sha256().toLowerCase(Locale.ROOT), new EngineJobExecutor(engine, blobs));
        enginesBySha.put(b.sha256().toLowerCase(Locale.ROOT), engine);
        LOG.info(
            "Edit worker serves bundle {} ({}) on {}, {} jobs at once, {}",
            b.bundleId(),
            b.sha256(),
            engine.device(),
            config.get(EditStreamConfig.WORKER_THREADS),
            engine.callFingerprint());
      }
      String workerId = config.get(EditStreamConfig.WORKER_ID);
      var settings = settings(config, bootstrapServers, registryConfig, workerId);
      List<ResolutionWorker> resolution = new ArrayList<>();
      EditWorker worker;
      try {
        EngineResolver resolver = new EngineResolver(enginesBySha, blobs, settings.workerId());
        int instances = config.get(EditStreamConfig.WORKER_RESOLVE_INSTANCES);
        for (int k = 0; k < instances; k++) {
          // each instance is a member of the resolve group with a transactional id of its own
          var own =
              k == 0
                  ? settings
                  : settings(
                      config, bootstrapServers, registryConfig, settings.workerId() + "-r" + k);
          resolution.add(ResolutionWorker.start(own, resolver, meters));
        }
        worker = EditWorker.start(settings, new BundleRoutedExecutor(bySha), meters);
      } catch (RuntimeException e) {
        resolution.forEach(ResolutionWorker::close);
        throw e;
      }
      return new EngineWorker(engines, worker, resolution, config);
    } catch (RuntimeException e) {
      engines.forEach(EditEngine::close);
      throw e;
    }
  }

  private static dev.editstream.workers.runtime.WorkerSettings settings(
      EditStreamConfig config,
      String bootstrapServers,
      Map<String, ?> registryConfig,
      String workerId) {
    return dev.editstream.workers.runtime.WorkerSettings.builder(bootstrapServers, registryConfig)
        .workerId(workerId.isEmpty() ? null : workerId)
        .groupId(config.get(EditStreamConfig.WORKER_GROUP_ID))
        .threads(config.get(EditStreamConfig.WORKER_THREADS))
        .attempts(config.get(EditStreamConfig.WORKER_ATTEMPTS))
        .closeTimeout(config.get(EditStreamConfig.WORKER_CLOSE_TIMEOUT))
        .progressInterval(config.get(EditStreamConfig.WORKER_PROGRESS_INTERVAL))
        .build();
  }

  /** The batching the worker keys ask for, on a bundle run with this many intra-op threads. */
  static BatchSettings batching(EditStreamConfig config, int intraOpThreads) {
    if (!config.get(EditStreamConfig.WORKER_BATCHING)) {
      return BatchSettings.off(intraOpThreads);
    }
    List<Integer> sizes = config.get(EditStreamConfig.WORKER_BATCH_SIZES);
    BatchSettings auto = BatchSettings.on(intraOpThreads);
    BatchSettings chosen =
        sizes.isEmpty() ? auto : auto.with(new BatchLayout(sizes, intraOpThreads));
    int maxRows =
        Math.min(config.get(EditStreamConfig.WORKER_BATCH_MAX_ROWS), chosen.layout().maxRows());
    return new BatchSettings(
        true,
        chosen.layout(),
        maxRows,
        config.get(EditStreamConfig.WORKER_BATCH_ADMISSION_DELAY),
        chosen.alternatives());
  }

  /** The worker's id. */
  public String workerId() {
    return worker.workerId();
  }

  /** Whether the edit worker and every resolution worker take and run jobs. */
  public boolean isHealthy() {
    return worker.isRunning() && resolution.stream().allMatch(ResolutionWorker::isRunning);
  }

  /** What the resolution workers (inversions and captions) published, summed. */
  public ResolutionWorker.Counts resolutionCounts() {
    long inversions = 0;
    long captions = 0;
    long failed = 0;
    for (ResolutionWorker r : resolution) {
      ResolutionWorker.Counts c = r.counts();
      inversions += c.inversionsComputed();
      captions += c.captionsComputed();
      failed += c.failed();
    }
    return new ResolutionWorker.Counts(inversions, captions, failed);
  }

  @Override
  public void close() {
    closeAll(resolution);
    worker.close(config.get(EditStreamConfig.WORKER_CLOSE_TIMEOUT));
    engines.forEach(EditEngine::close);
  }

  /**
   * Closes the resolution workers at once, not one after another: each lets its running job finish
   * (an inversion is not cancellable), and in turn their waits would add up past a stop's grace.
   */
  private static void closeAll(List<ResolutionWorker> workers) {
    List<Thread> closing = new ArrayList<>();
    for (ResolutionWorker r : workers) {
      Thread t = new Thread(r::close, "close-" + r.workerId());
      t.start();
      closing.add(t);
    }
    for (Thread t : closing) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
