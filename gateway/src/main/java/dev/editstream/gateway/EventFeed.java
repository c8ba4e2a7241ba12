package dev.editstream.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.editstream.schemas.avro.EditProgress;
import dev.editstream.schemas.avro.EditResult;
import dev.editstream.schemas.avro.RequestState;
import io.javalin.http.sse.SseClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-sent events of requests: one thread follows {@code edit-progress} and {@code edit-results}
 * for every open stream (one consumer however many clients), and hands each record to the streams
 * of its request id. A stream gets {@code progress} events and ends with one {@code result} event.
 *
 * <p>A subscriber is registered before the status store is read: a result committed earlier is in
 * the store, one committed later reaches the subscriber, so none is missed. A comment line every
 * {@link #PING} finds clients that went away.
 */
final class EventFeed implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EventFeed.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration POLL = Duration.ofMillis(200);
  static final Duration PING = Duration.ofSeconds(15);

  private final EditEvents events;
  private final Map<String, Set<SseClient>> streams = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean running = true;

  private EventFeed(EditEvents events) {
    this.events = events;
    this.thread = new Thread(this::run, "gateway-events");
    this.thread.setDaemon(true);
  }

  static EventFeed start(EditEvents events) {
    EventFeed feed = new EventFeed(events);
    feed.thread.start();
    return feed;
  }

  /**
   * Streams a request's events to a client until its result.
   *
   * @param states reads the request's state, after the client is registered
   */
  void subscribe(
      String requestId, SseClient client, Function<String, Optional<RequestState>> states) {
    client.keepAlive();
    streams.computeIfAbsent(requestId, id -> ConcurrentHashMap.newKeySet()).add(client);
    client.onClose(() -> unsubscribe(requestId, client));
    Optional<RequestState> state;
    try {
      state = states.apply(requestId);
    } catch (StatusUnavailableException e) {
      // The events still come through the topics; only the catch-up from the store is skipped.
      LOG.info("Events of {}: status store not queryable, streaming from now on", requestId);
      return;
    }
    if (state.isPresent() && state.get().getEndResult() != null) {
      finish(requestId, Set.of(client), state.get().getEndResult());
      return;
    }
    if (state.isPresent() && state.get().getProgress() != null) {
      send(client, "progress", StatusDocument.progress(state.get().getProgress()));
    }
  }

  /** Streams open now, for tests and logs. */
  int openStreams() {
    return streams.values().stream().mapToInt(Set::size).sum();
  }

  private void unsubscribe(String requestId, SseClient client) {
    streams.computeIfPresent(
        requestId,
        (id, clients) -> {
          clients.remove(client);
          return clients.isEmpty() ? null : clients;
        });
  }

  private void run() {
    long lastPing = System.nanoTime();
    try {
      while (running) {
        List<Object> batch = events.poll(POLL);
        for (Object value : batch) {
          if (value instanceof EditProgress p) {
            Set<SseClient> clients = streams.get(p.getRequestId());
            if (clients != null) {
              clients.forEach(c -> send(c, "progress", StatusDocument.progress(p)));
            }
          } else if (value instanceof EditResult r) {
            Set<SseClient> clients = streams.get(r.getRequestId());
            if (clients != null) {
              finish(r.getRequestId(), Set.copyOf(clients), r);
            }
          }
        }
        if (System.nanoTime() - lastPing > PING.toNanos()) {
          streams.values().forEach(clients -> clients.forEach(EventFeed::ping));
          lastPing = System.nanoTime();
        }
      }
    } catch (WakeupException e) {
      // close() asked us to stop.
    } catch (RuntimeException e) {
      LOG.error("Event feed stopped: {}; open event streams are closed", e.toString());
      streams.values().forEach(clients -> clients.forEach(SseClient::close));
    }
  }

  private void finish(String requestId, Set<SseClient> clients, EditResult result) {
    for (SseClient c : clients) {
      send(c, "result", StatusDocument.result(result));
      c.close();
      unsubscribe(requestId, c);
    }
  }

  private static void send(SseClient client, String event, Map<String, Object> doc) {
    String data;
    try {
      data = JSON.writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a status document must serialise", e);
    }
    synchronized (client) {
      if (!client.terminated()) {
        client.sendEvent(event, data);
      }
    }
  }

  private static void ping(SseClient client) {
    synchronized (client) {
      if (!client.terminated()) {
        client.sendComment("ping");
      }
    }
  }

  /** Stops following and closes every open stream. */
  @Override
  public void close() {
    running = false;
    events.wakeup();
    try {
      thread.join(Duration.ofSeconds(5).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    streams.values().forEach(clients -> clients.forEach(SseClient::close));
    streams.clear();
    events.close();
  }
}
