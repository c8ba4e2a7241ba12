package dev.editstream.gateway;

import dev.editstream.producers.EditDraft;
import dev.editstream.schemas.avro.BlobRef;
import dev.editstream.schemas.avro.EditRequest;
import dev.editstream.schemas.avro.RequestState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The submission edge in memory, for tests of the HTTP layer: it records what was submitted and
 * cancelled, answers states a test puts in, and feeds events a test pushes.
 */
final class FakeBackend implements EditBackend {

  final List<EditRequest> submitted = new CopyOnWriteArrayList<>();
  final List<String> cancelled = new CopyOnWriteArrayList<>();
  final Map<String, RequestState> states = new ConcurrentHashMap<>();
  final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
  final LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();
  volatile boolean storeQueryable = true;
  private volatile boolean woken;

  @Override
  public String submit(EditDraft draft) {
    EditRequest request = draft.toInlineRequest();
    submitted.add(request);
    return request.getRequestId();
  }

  @Override
  public void cancel(String requestId, String reason) {
    cancelled.add(requestId);
  }

  @Override
  public Optional<RequestState> state(String requestId) {
    if (!storeQueryable) {
      throw new StatusUnavailableException("rebalancing", null);
    }
    return Optional.ofNullable(states.get(requestId));
  }

  @Override
  public byte[] blob(BlobRef ref) {
    return blobs.get(ref.getUri());
  }

  @Override
  public EditEvents followEvents() {
    return new EditEvents() {
      @Override
      public List<Object> poll(Duration timeout) {
        if (woken) {
          throw new WakeupException();
        }
        List<Object> out = new ArrayList<>();
        try {
          Object first = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
          if (first != null) {
            out.add(first);
            events.drainTo(out);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return out;
      }

      @Override
      public void wakeup() {
        woken = true;
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public void close() {}
}
