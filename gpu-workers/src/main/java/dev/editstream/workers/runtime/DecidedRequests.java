package dev.editstream.workers.runtime;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Request ids known to have a terminal result, so their jobs need not run. Bounded: the oldest ids
 * are forgotten first, which at worst runs a job whose outcome the results stage then drops.
 */
final class DecidedRequests {

  static final int CAPACITY = 100_000;

  private final Map<String, Boolean> ids =
      new LinkedHashMap<>(1024, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > CAPACITY;
        }
      };

  synchronized void add(String requestId) {
    ids.put(requestId, Boolean.TRUE);
  }

  synchronized boolean contains(String requestId) {
    return ids.containsKey(requestId);
  }
}
