package dev.editstream.producers;

import static org.awaitility.Awaitility.await;

import dev.editstream.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads back what a test wrote, with the client's own follower. */
public final class TopicRecords {

  private TopicRecords() {}

  /**
   * The records on a topic with these keys, read from the beginning; waits until there is one per
   * key.
   */
  public static List<Observed> read(
      ClientSettings settings, Topic<String, ?> topic, List<String> keys) {
    List<Observed> seen = new ArrayList<>();
    try (TopicFollower follower = TopicFollower.follow(settings, List.of(topic), true)) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                follower.poll(Duration.ofMillis(200)).stream()
                    .filter(o -> keys.contains(o.key()))
                    .forEach(seen::add);
                return seen.size() >= keys.size();
              });
    }
    return seen;
  }
}
