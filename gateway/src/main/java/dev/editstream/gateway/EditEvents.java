package dev.editstream.gateway;

import java.time.Duration;
import java.util.List;

/**
 * Progress reports ({@code EditProgress}) and results ({@code EditResult}) of every request, in the
 * order they were committed, from the moment the feed was opened.
 */
public interface EditEvents extends AutoCloseable {

  /**
   * Waits up to the timeout for records.
   *
   * @return {@code EditProgress} and {@code EditResult} values; empty if none arrived
   * @throws org.apache.kafka.common.errors.WakeupException after {@link #wakeup()}
   */
  List<Object> poll(Duration timeout);

  /** Makes a blocked {@link #poll} return at once, from another thread. */
  void wakeup();

  @Override
  void close();
}
