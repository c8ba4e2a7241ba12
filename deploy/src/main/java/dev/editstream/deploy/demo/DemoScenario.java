package dev.editstream.deploy.demo;

import dev.editstream.producers.ClientSettings;
import dev.editstream.producers.EditClient;
import dev.editstream.producers.Observed;
import dev.editstream.producers.TopicFollower;
import dev.editstream.schemas.Topics;
import dev.editstream.schemas.avro.EditResult;
import dev.editstream.schemas.avro.ResultStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Submits the sample requests and prints each one's outcome as it arrives: ACCEPTED when intake
 * forwarded it to {@code edit-requests-accepted}, REJECTED with the reason code from {@code
 * edit-results}, or a terminal result if an engine produced one. It reports what happened and
 * nothing else: no engine, no edit.
 */
public final class DemoScenario {

  private static final Duration POLL = Duration.ofMillis(250);

  private final ClientSettings client;
  private final PrintWriter out;

  /**
   * Creates the scenario.
   *
   * @param client where the stack listens
   * @param out where to print
   */
  public DemoScenario(ClientSettings client, PrintWriter out) {
    this.client = client;
    this.out = out;
  }

  /**
   * Runs the samples.
   *
   * @param samples what to submit
   * @param timeout how long to wait for all outcomes
   * @return what arrived and what did not
   */
  public DemoOutcome run(List<Sample> samples, Duration timeout) {
    Map<String, Sample> pending = new LinkedHashMap<>();
    samples.forEach(s -> pending.put(s.request().getRequestId(), s));
    List<String> unexpected = new ArrayList<>();
    int accepted = 0;
    int rejected = 0;
    try (TopicFollower follower =
            TopicFollower.follow(
                client, List.of(Topics.EDIT_REQUESTS_ACCEPTED, Topics.EDIT_RESULTS), false);
        EditClient editClient = EditClient.connect(client)) {
      for (Sample sample : samples) {
        editClient.submit(sample.request());
        out.printf(
            Locale.ROOT,
            "submitted %s  %s%n",
            sample.request().getRequestId(),
            sample.description());
      }
      out.println();
      out.flush();
      Instant end = Instant.now().plus(timeout);
      while (!pending.isEmpty() && Instant.now().isBefore(end)) {
        for (Observed o : follower.poll(POLL)) {
          Sample sample = pending.remove(o.key());
          if (sample == null) {
            continue;
          }
          if (o.value() instanceof EditResult result) {
            rejected += result.getStatus() == ResultStatus.REJECTED ? 1 : 0;
            out.println(resultLine(sample, result));
            if (!result.getReasonCode().equals(sample.expectedReason())) {
              unexpected.add(
                  o.key() + " expected " + expected(sample) + ", got " + result.getReasonCode());
            }
          } else {
            accepted++;
            out.println(acceptedLine(sample));
            if (!sample.valid()) {
              unexpected.add(o.key() + " expected " + expected(sample) + ", got ACCEPTED");
            }
          }
          out.flush();
        }
      }
    }
    return new DemoOutcome(accepted, rejected, List.copyOf(pending.keySet()), unexpected);
  }

  private static String acceptedLine(Sample sample) {
    return String.format(
        Locale.ROOT,
        "ACCEPTED  %s  %s%n          accepted by intake, forwarded to edit-requests-accepted;"
            + " no editing engine is deployed yet, so no edit was made",
        sample.request().getRequestId(),
        sample.description());
  }

  private static String resultLine(Sample sample, EditResult result) {
    return String.format(
        Locale.ROOT,
        "%-9s %s  %s%n          %s: %s",
        result.getStatus(),
        result.getRequestId(),
        sample.description(),
        result.getReasonCode(),
        result.getMessage());
  }

  private static String expected(Sample sample) {
    return sample.valid() ? "ACCEPTED" : sample.expectedReason();
  }
}
