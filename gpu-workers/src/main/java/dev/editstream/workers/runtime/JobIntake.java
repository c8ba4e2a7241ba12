package dev.editstream.workers.runtime;

import dev.editstream.schemas.ReasonCode;
import dev.editstream.schemas.avro.EditJob;
import dev.editstream.schemas.avro.WorkerOutcome;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns polled records into jobs, on the poll thread: a readable job is queued, one whose result is
 * already decided is skipped, a poison record ends FAILED {@code POISON_JOB} at once, a record
 * without any request id is logged and committed past, and a record the registry could not serve is
 * read again later.
 */
final class JobIntake {

  private static final Logger LOG = LoggerFactory.getLogger(JobIntake.class);

  private final JobQueue queue;
  private final DecidedRequests decided;
  private final Outcomes outcomes;
  private final BlockingQueue<Completion> completions;
  private long sequence;

  JobIntake(
      JobQueue queue,
      DecidedRequests decided,
      Outcomes outcomes,
      BlockingQueue<Completion> completions) {
    this.queue = queue;
    this.decided = decided;
    this.outcomes = outcomes;
    this.completions = completions;
  }

  /**
   * Takes one partition's records, in offset order.
   *
   * @return the offset to read again from when the registry did not answer (the records from it on
   *     were not taken), else empty
   */
  OptionalLong receive(
      PartitionOffsets ownership, List<ConsumerRecord<String, JobRecord>> records) {
    for (ConsumerRecord<String, JobRecord> record : records) {
      if (record.value() instanceof JobRecord.RegistryUnavailable unavailable) {
        LOG.warn(
            "record at {}@{}: schema registry unavailable ({}); reading it again later",
            ownership.partition(),
            record.offset(),
            unavailable.problem());
        return OptionalLong.of(record.offset());
      }
      ownership.received(record.offset());
      take(ownership, record);
    }
    return OptionalLong.empty();
  }

  private void take(PartitionOffsets ownership, ConsumerRecord<String, JobRecord> record) {
    EditJob edit = record.value() instanceof JobRecord.Readable readable ? readable.job() : null;
    String requestId = requestId(record.key(), edit);
    if (requestId == null) {
      LOG.warn(
          "record at {}@{}: no readable key or job ({}); committing past it",
          ownership.partition(),
          record.offset(),
          problem(record.key(), record.value()));
      ownership.finished(record.offset());
      return;
    }
    Job job = new Job(requestId, edit, ownership, record.offset(), sequence++, outcomes.now());
    String problem = problem(record.key(), record.value());
    if (problem != null) {
      completions.add(poison(job, problem));
    } else if (decided.contains(requestId)) {
      completions.add(skipped(job));
    } else {
      queue.offer(job);
      LOG.info(
          "job {} at {}: queued (priority {}, {} waiting)",
          requestId,
          job.where(),
          job.priority(),
          queue.waitingCount());
    }
  }

  /** The request a record is about: its key, or failing that the job's own id. */
  private static String requestId(String key, EditJob edit) {
    if (key != null && !key.isBlank()) {
      return key;
    }
    return edit != null && !edit.getRequestId().isBlank() ? edit.getRequestId() : null;
  }

  /** What makes a record poison, or null when it is a runnable job. */
  private static String problem(String key, JobRecord value) {
    if (value instanceof JobRecord.Unreadable unreadable) {
      return "the job record cannot be read: " + unreadable.problem();
    }
    EditJob edit = ((JobRecord.Readable) value).job();
    if (edit.getRequestId().isBlank()) {
      return "the job has no request id";
    }
    if (!edit.getRequestId().equals(key)) {
      return "the record key " + key + " is not the job's request id " + edit.getRequestId();
    }
    return null;
  }

  private Completion poison(Job job, String problem) {
    WorkerOutcome outcome = outcomes.ended(job, ReasonCode.POISON_JOB, problem, 1, Map.of());
    LOG.warn("job {} at {}: FAILED POISON_JOB ({})", job.requestId(), job.where(), problem);
    return new Completion(
        job,
        outcome,
        null,
        List.of(outcomes.audit(job, Decision.EDIT_FAILED, 1, Outcomes.details(outcome))));
  }

  private Completion skipped(Job job) {
    LOG.info("job {} at {}: skipped, its result is decided", job.requestId(), job.where());
    return Completion.silent(
        job,
        List.of(
            outcomes.audit(
                job, Decision.EDIT_SKIPPED, 0, Map.of("why", CancelCause.DECIDED.why()))));
  }
}
