package dev.editstream.workers.engine.model;

/**
 * A running job's place at its model's {@link StepBatcher}, held by the job's thread while it runs;
 * closing it leaves. Without batching, a seat that does nothing.
 */
public interface JobSeat extends AutoCloseable {

  /** Leaves; never throws. */
  @Override
  void close();

  /**
   * How many jobs, on average, shared the calls this job made so far (1 = always alone, and so for
   * a model that does not batch); what the job's metrics record as its batch size.
   */
  default double jobsPerCall() {
    return 1;
  }

  /** The seat of a model that does not batch. */
  static JobSeat none() {
    return () -> {};
  }
}
