package dev.editstream.producers.replay;

import dev.editstream.producers.ClientSettings;
import dev.editstream.producers.EditClient;
import dev.editstream.producers.Observed;
import dev.editstream.producers.TopicFollower;
import dev.editstream.schemas.Topics;
import dev.editstream.schemas.avro.EditRequest;
import dev.editstream.schemas.avro.EditResult;
import dev.editstream.schemas.avro.ResultStatus;
import dev.editstream.schemas.avro.SamplerParams;
import dev.editstream.schemas.blob.Sha256;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Re-runs the requests recorded on {@code edit-requests} between two points under new ids and
 * compares each outcome with the one recorded on {@code edit-results}. A replay is the recorded
 * request with what made it reproducible pinned: the seed and the bundle version the recorded
 * result reports (a seed derived from the request id would change with the new id), and no
 * deadline. Its id is {@code replay-<run>-<recorded id>}, and its metadata names the recorded
 * request ({@value #REPLAY_OF}); requests with that key are not replayed again.
 *
 * <p>The recorded outcome of a request is its first terminal result. Requests that ended CANCELLED
 * or EXPIRED are skipped: those outcomes depend on timing, not on the pipeline.
 */
public final class Replay {

  /** Prefix of every replay's request id. */
  public static final String ID_PREFIX = "replay-";

  /** Metadata key naming the recorded request a replay re-runs. */
  public static final String REPLAY_OF = "replayOf";

  /** Intake's longest request id (stream-processors' IntakeLimits). */
  private static final int MAX_ID_CHARS = 200;

  private static final Duration POLL = Duration.ofMillis(250);
  private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);

  /**
   * What to replay.
   *
   * @param from the first point of the range on {@code edit-requests}
   * @param to where the range ends (excluded), or null for the end when the run starts
   * @param verify whether to compare each outcome with the recorded one
   * @param idleTimeout how long to wait for the next replay's result before giving up on the rest
   */
  public record Options(ReplayPoint from, ReplayPoint to, boolean verify, Duration idleTimeout) {
    /** Checks the fields. */
    public Options {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(idleTimeout, "idleTimeout");
    }
  }

  private final ClientSettings client;
  private final Options options;
  private final Consumer<ReplayOutcome> progress;

  /**
   * Prepares a run.
   *
   * @param client where EditStream is
   * @param options what to replay
   * @param progress told of each outcome as it is decided
   */
  public Replay(ClientSettings client, Options options, Consumer<ReplayOutcome> progress) {
    this.client = client;
    this.options = options;
    this.progress = progress;
  }

  /**
   * Runs it: reads the range and the recorded results, submits the replays, waits for their results
   * and compares.
   *
   * @throws IllegalStateException when a topic is missing or cannot be read in time
   * @throws dev.editstream.producers.SubmitException when Kafka does not take a replay
   */
  public ReplayReport run() {
    Instant started = Instant.now();
    List<EditRequest> recorded = new ArrayList<>();
    int earlierReplays = 0;
    for (Recorded<EditRequest> r :
        TopicRange.read(client, Topics.EDIT_REQUESTS, options.from(), options.to(), READ_TIMEOUT)) {
      if (r.value() == null || r.value().getRequestId() == null) {
        continue;
      }
      // a replay names what it replays; a client id that merely starts "replay-" is replayed
      if (r.value().getMetadata().containsKey(REPLAY_OF)) {
        earlierReplays++;
      } else {
        recorded.add(r.value());
      }
    }
    Map<String, EditResult> results = recordedResults();
    String run = Long.toString(System.currentTimeMillis(), 36);
    Map<String, ReplayOutcome> outcomes = new LinkedHashMap<>();
    Map<String, Pending> pending = new LinkedHashMap<>();
    for (EditRequest request : recorded) {
      String id = request.getRequestId();
      if (outcomes.containsKey(id)) {
        continue; // a resubmission of the same id: intake took it once, so replay it once
      }
      EditResult result = results.get(id);
      if (result == null) {
        decide(outcomes, new ReplayOutcome(id, null, ReplayVerdict.SKIPPED, "no recorded result"));
      } else if (result.getStatus() == ResultStatus.CANCELLED
          || result.getStatus() == ResultStatus.EXPIRED) {
        decide(
            outcomes,
            new ReplayOutcome(
                id, null, ReplayVerdict.SKIPPED, "ended " + result.getStatus() + ": timing"));
      } else {
        outcomes.put(id, null); // keeps the recorded order
        pending.put(replayId(run, id), new Pending(request, result));
      }
    }
    submitAndCollect(pending, outcomes);
    double seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
    return new ReplayReport(List.copyOf(outcomes.values()), earlierReplays, seconds);
  }

  private void submitAndCollect(Map<String, Pending> pending, Map<String, ReplayOutcome> outcomes) {
    if (pending.isEmpty()) {
      return;
    }
    try (TopicFollower follower =
            TopicFollower.follow(client, List.of(Topics.EDIT_RESULTS), false);
        EditClient submitter = EditClient.connect(client)) {
      for (Map.Entry<String, Pending> e : pending.entrySet()) {
        submitter.submit(replayOf(e.getValue(), e.getKey()));
      }
      Instant lastArrival = Instant.now();
      while (!pending.isEmpty()
          && Duration.between(lastArrival, Instant.now()).compareTo(options.idleTimeout()) < 0) {
        for (Observed o : follower.poll(POLL)) {
          Pending p = pending.remove(o.key());
          if (p != null && o.value() instanceof EditResult replayed) {
            lastArrival = Instant.now();
            decide(outcomes, compare(p, o.key(), replayed));
          }
        }
      }
    }
    for (Map.Entry<String, Pending> e : pending.entrySet()) {
      decide(
          outcomes,
          new ReplayOutcome(
              e.getValue().request().getRequestId(),
              e.getKey(),
              ReplayVerdict.NOT_ARRIVED,
              "no result within " + options.idleTimeout() + " of the last one"));
    }
  }

  private void decide(Map<String, ReplayOutcome> outcomes, ReplayOutcome outcome) {
    outcomes.put(outcome.requestId(), outcome);
    progress.accept(outcome);
  }

  /** The first terminal result of every id on {@code edit-results}, up to its end now. */
  private Map<String, EditResult> recordedResults() {
    Map<String, EditResult> first = new HashMap<>();
    for (Recorded<EditResult> r :
        TopicRange.read(client, Topics.EDIT_RESULTS, ReplayPoint.BEGINNING, null, READ_TIMEOUT)) {
      if (r.key() != null && r.value() != null) {
        first.putIfAbsent(r.key(), r.value());
      }
    }
    return first;
  }

  private ReplayOutcome compare(Pending p, String replayId, EditResult replayed) {
    String id = p.request().getRequestId();
    String was = ReplayOutcome.describe(p.result());
    String now = ReplayOutcome.describe(replayed);
    if (!options.verify()) {
      return new ReplayOutcome(id, replayId, ReplayVerdict.REPLAYED, now);
    }
    if (sameOutcome(p.result(), replayed)) {
      return new ReplayOutcome(id, replayId, ReplayVerdict.MATCH, now);
    }
    String detail = "recorded " + was + ", replayed " + now;
    if (!Objects.equals(p.result().getBundleSha256(), replayed.getBundleSha256())
        && p.result().getBundleSha256() != null) {
      detail += "; the bundle's sha256 differs (" + p.result().getBundleSha256() + " then)";
    }
    return new ReplayOutcome(id, replayId, ReplayVerdict.MISMATCH, detail);
  }

  /** A success matches by the result's hash; any other outcome by status and reason code. */
  static boolean sameOutcome(EditResult recorded, EditResult replayed) {
    if (recorded.getStatus() != replayed.getStatus()) {
      return false;
    }
    if (recorded.getStatus() == ResultStatus.SUCCEEDED) {
      return recorded.getResultImage() != null
          && replayed.getResultImage() != null
          && recorded.getResultImage().getSha256().equals(replayed.getResultImage().getSha256());
    }
    return recorded.getReasonCode().equals(replayed.getReasonCode());
  }

  /** The recorded request under the replay's id, with its seed and bundle version pinned. */
  static EditRequest replayOf(Pending p, String replayId) {
    EditRequest request = p.request();
    EditResult result = p.result();
    SamplerParams.Builder sampler = SamplerParams.newBuilder(request.getSampler());
    if (sampler.getSeed() == null && result.getSeed() != null) {
      sampler.setSeed(result.getSeed());
    }
    String version = request.getBundleVersion();
    String bundleId = result.getBundleId();
    if (version == null && bundleId != null && bundleId.lastIndexOf(':') > 0) {
      version = bundleId.substring(bundleId.lastIndexOf(':') + 1);
    }
    Map<String, String> metadata = new HashMap<>(request.getMetadata());
    metadata.put(REPLAY_OF, request.getRequestId());
    return EditRequest.newBuilder(request)
        .setRequestId(replayId)
        .setSampler(sampler.build())
        .setBundleVersion(version)
        .setDeadline(null)
        .setMetadata(metadata)
        .build();
  }

  /** The replay's id: readable when it fits intake's limit, hashed when it would not. */
  static String replayId(String run, String recordedId) {
    String id = ID_PREFIX + run + "-" + recordedId;
    if (id.length() <= MAX_ID_CHARS) {
      return id;
    }
    return ID_PREFIX
        + run
        + "-"
        + Sha256.hex(recordedId.getBytes(StandardCharsets.UTF_8)).substring(0, 32);
  }

  /** A request being replayed and its recorded outcome. */
  record Pending(EditRequest request, EditResult result) {}
}
