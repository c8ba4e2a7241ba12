/**
 * The edit worker runtime: a long-running consumer of {@code jobs-edit} that runs each {@code
 * EditJob} with a {@link dev.editstream.workers.runtime.JobExecutor} (the engine, behind an
 * interface) and publishes what came of it. Entry point: {@link
 * dev.editstream.workers.runtime.EditWorker#start}, configured by {@link
 * dev.editstream.workers.runtime.WorkerSettings}.
 *
 * <h2>Why a classic group with paused partitions</h2>
 *
 * Jobs take minutes, so the worker separates polling from computing. One poll thread owns the job
 * consumer and the transactional outcome producer and polls every 100 ms whatever runs; while the
 * local queue is full it pauses its partitions (and resumes them when there is room), so it stays
 * in the group and {@code max.poll.interval.ms} is never at risk. The group is a classic one
 * ({@code group.protocol=classic}; KAFKA-21584 breaks upgraded classic groups under the new
 * protocol before 4.3.3) with the cooperative-sticky assignor, so a member joining takes partitions
 * without stopping the others' running jobs. A share group would spread jobs over more workers than
 * partitions, but has no transactions: outcome and acknowledgement could not be made atomic, and
 * its 30-60 s locks would need renewing through every job.
 *
 * <h2>A job's way</h2>
 *
 * <ol>
 *   <li>The poll thread reads records ({@code read_committed}, a small {@code max.poll.records})
 *       through a deserializer that never throws: a record that cannot be read, or whose key is not
 *       its job's request id, ends FAILED {@code POISON_JOB} at once; one with neither key nor
 *       readable job is logged (topic, partition, offset) and committed past; one the schema
 *       registry could not serve (registry down) is read again after a backoff, its partition
 *       paused meanwhile. A job whose request already has a terminal result is skipped.
 *   <li>Jobs wait in a local queue ordered by {@code request.priority} (higher first), then by
 *       arrival, served by {@code threads} compute threads.
 *   <li>A compute thread takes a job. A job whose {@code request.deadline} has passed is not run:
 *       outcome EXPIRED {@code DEADLINE_EXPIRED}. Otherwise the executor runs it, reporting
 *       progress through its {@link dev.editstream.workers.runtime.JobControl}; the worker
 *       publishes stage changes and about every {@code progressStepFraction} of the steps on {@code
 *       edit-progress}, through a separate idempotent producer, outside any transaction.
 *   <li>Failures: an {@code EditException} with a user-error code ends REJECTED with that code,
 *       without retry; one with {@code POISON_JOB} or {@code BUNDLE_MISMATCH} ends FAILED with it
 *       at once; anything else is transient and retried in-process after {@code backoff}, doubled
 *       each time (the thread waits, woken early by a cancellation); after {@code attempts} it ends
 *       FAILED {@code RETRIES_EXHAUSTED} with the last error's message.
 *   <li>The compute thread hands the result to the poll thread, which opens one short transaction
 *       for everything that finished: the {@code WorkerOutcome} on {@code worker-outcomes}, the
 *       {@code EditMetrics} on {@code edit-metrics} (successes only), the {@code AuditEvent}s of
 *       the attempts on {@code edit-audit}, and {@code sendOffsetsToTransaction} with each
 *       partition's committable offset: the lowest offset not yet finished, because jobs finish out
 *       of order. A {@code read_committed} reader therefore sees a job's records exactly when its
 *       offset is committed. An aborted transaction is retried; a fenced producer stops the worker.
 * </ol>
 *
 * <p>Audit decisions (stage EDIT, component = worker id; details: worker, partition, offset,
 * attempt, dispatchAttempt, and per decision status, reasonCode, message, resultSha256, resultUri,
 * caption, seed, bundleId, bundleSha256, timingMs.*): {@code EDIT_STARTED} (each attempt, with
 * queueMs), {@code EDIT_RETRY} (error, backoffMs), {@code EDIT_FINISHED}, {@code EDIT_REJECTED},
 * {@code EDIT_FAILED}, {@code EDIT_EXPIRED}, {@code EDIT_SKIPPED}, {@code EDIT_CANCELLED}. They
 * travel in the job's transaction, so the trail holds only attempts whose end was committed. The
 * outcome's {@code timingsMs} holds the executor's stages plus {@code queue} (received to taken)
 * and {@code worker} (taken to finished, retries included); its {@code attempt} counts this
 * worker's in-process attempts.
 *
 * <h2>Meters</h2>
 *
 * Given a Micrometer registry ({@link dev.editstream.workers.runtime.EditWorker#start(
 * dev.editstream.workers.runtime.WorkerSettings, dev.editstream.workers.runtime.JobExecutor,
 * io.micrometer.core.instrument.MeterRegistry)}), a worker records each job's queue wait, the
 * compute time of each attempt by kind of job, method and outcome, its stages' times and the jobs
 * in flight and waiting, and binds its job consumer's Kafka metrics (lag among them); the
 * resolution worker does the same for its jobs. Names and meanings: {@code docs/metrics.md}.
 *
 * <h2>Cancellation</h2>
 *
 * A follower thread reads {@code edit-results} (a plain consumer assigned every partition, {@code
 * read_committed}, keys only, starting {@code resultsLookBack} before now) and remembers the
 * request ids that have a terminal result. A waiting job of such a request is skipped; a running
 * one sees {@link dev.editstream.workers.runtime.JobControl#cancelled()} turn true, and its next
 * {@link dev.editstream.workers.runtime.JobControl#checkCancelled()} throws. Either way the job
 * publishes no outcome (the result exists already, so one would only be dropped), its offset is
 * committed with an {@code EDIT_SKIPPED} or {@code EDIT_CANCELLED} audit event. A job whose
 * executor returns normally although cancelled publishes its outcome; the results stage drops it.
 *
 * <h2>Rebalances, shutdown, crashes</h2>
 *
 * On revocation (run by Kafka on the poll thread) the worker first commits what finished, then
 * drops the waiting jobs of the revoked partitions and cancels their running ones; none of those is
 * committed, so the partition's new owner redoes them, and a late result of an earlier ownership is
 * never published. {@link dev.editstream.workers.runtime.EditWorker#close( java.time.Duration)}
 * stops taking jobs, lets running ones finish until the deadline, publishes what finished, cancels
 * the rest (uncommitted, so redelivered to the next member), closes the clients and leaves the
 * group. A crash at any point loses nothing: offsets are committed only with outcomes, so whatever
 * was not committed is redelivered, and an outcome may then be delivered twice, which the results
 * stage drops. The stable worker id makes the transactional id, so a restarted instance aborts its
 * predecessor's open transaction at once instead of leaving {@code read_committed} readers waiting
 * for its timeout.
 */
package dev.editstream.workers.runtime;
