package dev.editstream.workers.runtime;

import dev.editstream.schemas.EditException;
import dev.editstream.schemas.ReasonCode;
import dev.editstream.schemas.Topics;
import dev.editstream.schemas.avro.CaptionJob;
import dev.editstream.schemas.avro.CaptionRecord;
import dev.editstream.schemas.avro.CaptionSource;
import dev.editstream.schemas.avro.CaptionStatus;
import dev.editstream.schemas.avro.InversionJob;
import dev.editstream.schemas.avro.InversionMethod;
import dev.editstream.schemas.avro.InversionRecord;
import dev.editstream.schemas.avro.InversionStatus;
import dev.editstream.schemas.serde.SpecificAvroSerializer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resolution worker: serves the resolution stages' jobs, {@code jobs-invert} (an inversion per
 * inversion key) and {@code jobs-caption} (a caption per image hash), with a {@link Resolver}, and
 * publishes each job's record to the compacted {@code inversions} or {@code captions} table, READY
 * or FAILED with a reason code. Nothing is dropped: every job read makes one record.
 *
 * <p>One job at a time, on one thread, as a member of the group {@code <group>-resolve}. The record
 * and the job's offset are committed in one transaction (its transactional id is the edit worker's
 * with {@code -resolve}, so a restarted instance fences its predecessor), and the stages read
 * committed records only: a crash before the commit computes the job again, and no record is ever
 * published twice for one job.
 */
public final class ResolutionWorker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ResolutionWorker.class);
  private static final Duration POLL = Duration.ofMillis(200);

  private final WorkerSettings settings;
  private final Resolver resolver;
  private final KafkaConsumer<String, byte[]> consumer;
  private final KafkaProducer<String, SpecificRecord> producer;
  private final Deserializer<InversionJob> inversionJobs;
  private final Deserializer<CaptionJob> captionJobs;
  private final Clock clock = Clock.systemUTC();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final AtomicLong inversions = new AtomicLong();
  private final AtomicLong captions = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicInteger serving = new AtomicInteger();
  private final WorkerMeters meters;
  private final KafkaClientMetrics consumerMetrics;
  private final Thread thread;

  private ResolutionWorker(WorkerSettings settings, Resolver resolver, MeterRegistry registry) {
    this.settings = settings;
    this.resolver = resolver;
    this.meters = new WorkerMeters(registry, settings.workerId());
    this.consumer =
        new KafkaConsumer<>(
            ClientConfigs.resolutionConsumer(settings),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    SpecificAvroSerializer<SpecificRecord> values = new SpecificAvroSerializer<>();
    values.configure(settings.registryConfig(), false);
    this.producer =
        new KafkaProducer<>(
            ClientConfigs.resolutionProducer(settings), new StringSerializer(), values);
    this.inversionJobs = Topics.JOBS_INVERT.valueSerde(settings.registryConfig()).deserializer();
    this.captionJobs = Topics.JOBS_CAPTION.valueSerde(settings.registryConfig()).deserializer();
    this.consumerMetrics =
        new KafkaClientMetrics(consumer); // tagged with its client id, as in EditWorker
    consumerMetrics.bindTo(registry);
    // One job at a time and none waiting in the worker: the consumer's lag is its queue.
    meters.inFlight(WorkerMeters.RESOLUTION, serving, AtomicInteger::get);
    this.thread = new Thread(this::run, "resolution-worker-" + settings.workerId());
    this.thread.setDaemon(true);
  }

  /**
   * Starts serving, with meters that go nowhere; returns at once.
   *
   * @param settings the edit worker's settings (Kafka, group, worker id, attempts, backoff)
   * @param resolver computes each job's record
   */
  public static ResolutionWorker start(WorkerSettings settings, Resolver resolver) {
    return start(settings, resolver, new CompositeMeterRegistry());
  }

  /**
   * Starts serving; returns at once.
   *
   * @param settings the edit worker's settings (Kafka, group, worker id, attempts, backoff)
   * @param resolver computes each job's record
   * @param meters where the worker records each job's compute time and whether it is busy, and its
   *     consumer's Kafka metrics (lag among them); see {@code docs/metrics.md}
   */
  public static ResolutionWorker start(
      WorkerSettings settings, Resolver resolver, MeterRegistry meters) {
    ResolutionWorker worker = new ResolutionWorker(settings, resolver, meters);
    try {
      worker.producer.initTransactions();
      worker.consumer.subscribe(List.of(Topics.JOBS_INVERT.name(), Topics.JOBS_CAPTION.name()));
    } catch (RuntimeException e) {
      worker.consumerMetrics.close();
      worker.consumer.close();
      worker.producer.close();
      throw e;
    }
    worker.thread.start();
    LOG.info(
        "Resolution worker {} serving {} and {}",
        settings.workerId(),
        Topics.JOBS_INVERT.name(),
        Topics.JOBS_CAPTION.name());
    return worker;
  }

  /** The worker's id, as its records name it. */
  public String workerId() {
    return settings.workerId();
  }

  /** Whether it still serves jobs (not closed, not stopped by a failure). */
  public boolean isRunning() {
    return thread.isAlive() && failure.get() == null;
  }

  /** What stopped it, when something did. */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure.get());
  }

  /** What it has published since it started. */
  public Counts counts() {
    return new Counts(inversions.get(), captions.get(), failed.get());
  }

  /**
   * What a resolution worker published.
   *
   * @param inversionsComputed READY inversion records
   * @param captionsComputed READY caption records
   * @param failed FAILED records of either kind
   */
  public record Counts(long inversionsComputed, long captionsComputed, long failed) {}

  private void run() {
    try {
      while (!closed.get()) {
        for (ConsumerRecord<String, byte[]> job : consumer.poll(POLL)) {
          serve(job);
          if (closed.get()) {
            break;
          }
        }
      }
    } catch (WakeupException e) {
      if (!closed.get()) {
        failure.set(e);
      }
    } catch (ProducerFencedException e) {
      LOG.error("Resolution worker {} was fenced by a newer instance; stopping", workerId());
      failure.set(e);
    } catch (RuntimeException e) {
      LOG.error("Resolution worker {} stopped", workerId(), e);
      failure.set(e);
    } finally {
      consumerMetrics.close();
      consumer.close();
      producer.close();
    }
  }

  /** Computes one job's record and commits it with the job's offset. */
  private void serve(ConsumerRecord<String, byte[]> job) {
    long start = System.nanoTime();
    serving.set(1);
    ProducerRecord<String, SpecificRecord> record;
    try {
      record = job.topic().equals(Topics.JOBS_INVERT.name()) ? inversion(job) : caption(job);
    } finally {
      serving.set(0);
    }
    long nanos = System.nanoTime() - start;
    meters.resolved(record.value(), nanos);
    long ms = nanos / 1_000_000;
    producer.beginTransaction();
    try {
      producer.send(record);
      producer.sendOffsetsToTransaction(
          Map.of(
              new TopicPartition(job.topic(), job.partition()),
              new OffsetAndMetadata(job.offset() + 1)),
          consumer.groupMetadata());
      producer.commitTransaction();
    } catch (ProducerFencedException e) {
      throw e;
    } catch (KafkaException e) {
      producer.abortTransaction();
      // the job is served again: its record was not published
      consumer.seek(new TopicPartition(job.topic(), job.partition()), job.offset());
      LOG.warn("Resolution job {} not committed ({}); serving it again", job.key(), e.toString());
      return;
    }
    count(record.value());
    LOG.info(
        "Resolution job {} {} -> {} {} in {} ms",
        job.topic(),
        job.key(),
        record.topic(),
        describe(record.value()),
        ms);
  }

  private void count(SpecificRecord value) {
    if (value instanceof InversionRecord r) {
      (r.getStatus() == InversionStatus.READY ? inversions : failed).incrementAndGet();
    } else if (value instanceof CaptionRecord r) {
      (r.getStatus() == CaptionStatus.READY ? captions : failed).incrementAndGet();
    }
  }

  private static String describe(SpecificRecord value) {
    if (value instanceof InversionRecord r) {
      return r.getStatus() == InversionStatus.READY ? "READY" : "FAILED " + r.getReasonCode();
    }
    CaptionRecord r = (CaptionRecord) value;
    return r.getStatus() == CaptionStatus.READY
        ? "READY '" + r.getCaption() + "'"
        : "FAILED " + r.getReasonCode();
  }

  private ProducerRecord<String, SpecificRecord> inversion(ConsumerRecord<String, byte[]> raw) {
    InversionJob job;
    try {
      job = inversionJobs.deserialize(raw.topic(), raw.headers(), raw.value());
    } catch (RuntimeException e) {
      return new ProducerRecord<>(
          Topics.INVERSIONS.name(), raw.key(), poisonInversion(raw.key(), e));
    }
    SpecificRecord value;
    try {
      InversionRecord ready = attempts(() -> resolver.invert(job), raw.key());
      if (!ready.getInversionKey().equals(raw.key())) {
        throw new EditException(
            ReasonCode.POISON_JOB,
            "the inversion computed has key "
                + ready.getInversionKey()
                + ", the job asked for "
                + raw.key());
      }
      value = ready;
    } catch (EditException e) {
      value = failedInversion(raw.key(), job, e.reason(), e.getMessage());
    }
    return new ProducerRecord<>(Topics.INVERSIONS.name(), raw.key(), value);
  }

  private ProducerRecord<String, SpecificRecord> caption(ConsumerRecord<String, byte[]> raw) {
    CaptionJob job;
    try {
      job = captionJobs.deserialize(raw.topic(), raw.headers(), raw.value());
    } catch (RuntimeException e) {
      return new ProducerRecord<>(
          Topics.CAPTIONS.name(),
          raw.key(),
          failedCaption(raw.key(), null, ReasonCode.POISON_JOB, "unreadable job: " + e));
    }
    SpecificRecord value;
    try {
      value = attempts(() -> resolver.caption(job), raw.key());
    } catch (EditException e) {
      value = failedCaption(raw.key(), job, e.reason(), e.getMessage());
    }
    return new ProducerRecord<>(Topics.CAPTIONS.name(), raw.key(), value);
  }

  /** A computation the worker may retry. */
  @FunctionalInterface
  private interface Computation<T> {
    T run() throws Exception;
  }

  /**
   * Runs a computation, retrying transient failures with doubling backoff.
   *
   * @throws EditException with the computation's code (a user error, POISON_JOB, BUNDLE_MISMATCH)
   *     or RETRIES_EXHAUSTED
   */
  private <T> T attempts(Computation<T> computation, String key) {
    Duration backoff = settings.backoff();
    for (int attempt = 1; ; attempt++) {
      try {
        return computation.run();
      } catch (EditException e) {
        if (isFinal(e.reason()) || attempt >= settings.attempts()) {
          throw asFinal(e, attempt);
        }
        retryAfter(key, attempt, e, backoff);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new EditException(ReasonCode.ENGINE_FAULT, "interrupted", e);
      } catch (Exception e) {
        if (attempt >= settings.attempts()) {
          throw new EditException(
              ReasonCode.RETRIES_EXHAUSTED,
              "failed on every one of " + attempt + " attempts: " + e,
              e);
        }
        retryAfter(key, attempt, e, backoff);
      }
      backoff = backoff.multipliedBy(2);
    }
  }

  private static EditException asFinal(EditException e, int attempt) {
    if (isFinal(e.reason())) {
      return e;
    }
    return new EditException(
        ReasonCode.RETRIES_EXHAUSTED,
        "failed on every one of " + attempt + " attempts: " + e.getMessage(),
        e);
  }

  private static boolean isFinal(ReasonCode reason) {
    return reason.isUserError()
        || reason == ReasonCode.POISON_JOB
        || reason == ReasonCode.BUNDLE_MISMATCH;
  }

  private void retryAfter(String key, int attempt, Exception e, Duration backoff) {
    LOG.warn(
        "Resolution job {} attempt {} failed ({}); retrying in {}",
        key,
        attempt,
        e.toString(),
        backoff);
    try {
      Thread.sleep(backoff.toMillis());
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new EditException(
          ReasonCode.ENGINE_FAULT, "interrupted while backing off", interrupted);
    }
  }

  private InversionRecord failedInversion(
      String key, InversionJob job, ReasonCode reason, String message) {
    return InversionRecord.newBuilder()
        .setInversionKey(key)
        .setStatus(InversionStatus.FAILED)
        .setReasonCode(reason.name())
        .setMessage(message)
        .setImageSha256(job.getImageSha256())
        .setImageHash(job.getImageHash())
        .setCaption(job.getCaption())
        .setBundleName(job.getBundleName())
        .setBundleVersion(job.getBundleVersion())
        .setBundleSha256(job.getBundleSha256())
        .setMethod(job.getMethod())
        .setSteps(job.getSteps())
        .setGuidanceScale(job.getGuidanceScale())
        .setDurationMs(0)
        .setComputedAt(Instant.now(clock))
        .setWorkerId(workerId())
        .build();
  }

  private InversionRecord poisonInversion(String key, RuntimeException e) {
    return InversionRecord.newBuilder()
        .setInversionKey(key == null ? "" : key)
        .setStatus(InversionStatus.FAILED)
        .setReasonCode(ReasonCode.POISON_JOB.name())
        .setMessage("unreadable job: " + e)
        .setImageSha256("")
        .setImageHash("")
        .setCaption("")
        .setBundleName("")
        .setBundleVersion("")
        .setBundleSha256("")
        .setMethod(InversionMethod.NULL_TEXT)
        .setSteps(0)
        .setGuidanceScale(0)
        .setDurationMs(0)
        .setComputedAt(Instant.now(clock))
        .setWorkerId(workerId())
        .build();
  }

  private CaptionRecord failedCaption(
      String key, CaptionJob job, ReasonCode reason, String message) {
    return CaptionRecord.newBuilder()
        .setImageSha256(key == null ? "" : key)
        .setCaption("")
        .setSource(CaptionSource.CAPTIONER)
        .setStatus(CaptionStatus.FAILED)
        .setReasonCode(reason.name())
        .setMessage(message)
        .setBundleId(job == null ? null : job.getBundleName() + ":" + job.getBundleVersion())
        .setCreatedAt(Instant.now(clock))
        .setWorkerId(workerId())
        .build();
  }

  /** Stops after the job in progress (if any) and closes the clients. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      consumer.wakeup();
      try {
        thread.join(settings.closeTimeout().plusSeconds(30).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
