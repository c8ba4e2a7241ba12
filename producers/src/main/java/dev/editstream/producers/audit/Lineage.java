package dev.editstream.producers.audit;

import dev.editstream.schemas.avro.AuditEvent;
import dev.editstream.schemas.avro.ResultStatus;
import dev.editstream.schemas.avro.Stage;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the audit trail says was done for one request, and why: the lineage of its result, rebuilt
 * from its {@code edit-audit} events alone.
 *
 * @param requestId the request
 * @param end the terminal decision (status and reason), empty while the request is open
 * @param caption how the caption stage answered, empty when the request was not captioned by it
 * @param inversion how the inversion stage answered, empty when no cached inversion was asked for
 * @param dispatched what dispatch sent the worker (plan, bundle and sha256, seed, caption and its
 *     source, mask source, inversion key), empty when no job went out
 * @param worker what the worker reported when it finished (result hash, timings, build), empty when
 *     no worker finished the job
 * @param result the terminal event's details (result and mask hashes, caption, timings)
 * @param events every event, oldest first
 */
public record Lineage(
    String requestId,
    Optional<End> end,
    Optional<Resolution> caption,
    Optional<Resolution> inversion,
    Map<String, String> dispatched,
    Map<String, String> worker,
    Map<String, String> result,
    List<AuditEvent> events) {

  private static final Set<Stage> DECIDING = EnumSet.of(Stage.INTAKE, Stage.DISPATCH, Stage.RESULT);

  /**
   * Rebuilds a lineage.
   *
   * @param requestId the request
   * @param events its events, oldest first (see {@link AuditTrail})
   */
  public static Lineage of(String requestId, List<AuditEvent> events) {
    Optional<End> end = Optional.empty();
    Map<String, String> result = Map.of();
    Map<String, String> dispatched = Map.of();
    Map<String, String> worker = Map.of();
    for (AuditEvent e : events) {
      if (DECIDING.contains(e.getStage()) && isStatus(e.getDecision()) && end.isEmpty()) {
        end =
            Optional.of(
                new End(
                    ResultStatus.valueOf(e.getDecision()),
                    e.getDetails().getOrDefault("reasonCode", ""),
                    e.getStage()));
        result = e.getDetails();
      } else if (e.getStage() == Stage.DISPATCH && e.getDecision().equals("DISPATCHED")) {
        dispatched = e.getDetails();
      } else if (e.getStage() == Stage.EDIT && e.getDecision().equals("EDIT_FINISHED")) {
        worker = e.getDetails();
      }
    }
    return new Lineage(
        requestId,
        end,
        Resolution.of(Stage.CAPTION, events),
        Resolution.of(Stage.INVERSION, events),
        new TreeMap<>(dispatched),
        new TreeMap<>(worker),
        new TreeMap<>(result),
        List.copyOf(events));
  }

  private static boolean isStatus(String decision) {
    for (ResultStatus s : ResultStatus.values()) {
      if (s.name().equals(decision)) {
        return true;
      }
    }
    return false;
  }

  /** The result image's sha256, when the request ended with one. */
  public Optional<String> resultSha256() {
    return Optional.ofNullable(result.get("resultSha256"));
  }

  /** Where the caption came from (CLIENT, CACHED, CAPTIONER), as the job carried it. */
  public Optional<String> captionSource() {
    return Optional.ofNullable(
        result.getOrDefault("captionSource", dispatched.get("captionSource")));
  }

  /**
   * The lineage as lines for a person: the outcome, then each decision that shaped it, then the
   * full timeline.
   */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    lines.add(
        "request "
            + requestId
            + ": "
            + end.map(e -> e.status() + " " + e.reasonCode() + " (decided by " + e.stage() + ")")
                .orElse("not ended yet"));
    resultSha256().ifPresent(sha -> lines.add("  result     sha256 " + sha));
    lines.add(
        "  caption    "
            + pick(result, dispatched, "caption")
            + "  [source "
            + captionSource().orElse("?")
            + score()
            + "]");
    caption.ifPresent(c -> lines.add("  caption stage  " + c.describe()));
    inversion.ifPresent(i -> lines.add("  inversion  " + i.describe()));
    if (!dispatched.isEmpty()) {
      lines.add(
          "  mask       "
              + pick(result, dispatched, "maskSource")
              + Optional.ofNullable(result.get("maskSha256")).map(s -> " sha256 " + s).orElse(""));
      lines.add(
          "  plan       "
              + dispatched.getOrDefault("method", "?")
              + " region "
              + dispatched.getOrDefault("region", "?")
              + ", "
              + dispatched.getOrDefault("steps", "?")
              + " steps, guidance "
              + dispatched.getOrDefault("guidance", "?")
              + ", target '"
              + dispatched.getOrDefault("targetPrompt", "")
              + "'");
      lines.add(
          "  bundle     "
              + dispatched.get("bundleName")
              + ":"
              + dispatched.get("bundleVersion")
              + " sha256 "
              + dispatched.get("bundleSha256")
              + ", seed "
              + dispatched.get("seed"));
    }
    if (worker.containsKey("build")) {
      lines.add("  build      " + worker.get("build"));
    }
    Map<String, String> timings = new TreeMap<>();
    result.forEach(
        (k, v) -> {
          if (k.startsWith("timing.")) {
            timings.put(k.substring("timing.".length()), v);
          }
        });
    if (!timings.isEmpty()) {
      lines.add("  timings    " + timings);
    }
    lines.add("  timeline");
    for (AuditEvent e : events) {
      lines.add("    " + e.getTimestamp() + "  " + e.getStage() + "  " + e.getDecision());
    }
    return lines;
  }

  private String score() {
    String s = result.get("captionScore");
    return s == null ? "" : ", score " + s;
  }

  private static String pick(Map<String, String> first, Map<String, String> second, String key) {
    return first.getOrDefault(key, second.getOrDefault(key, "?"));
  }

  /**
   * How a request ended.
   *
   * @param status its terminal status
   * @param reasonCode the reason code
   * @param stage the stage that decided it
   */
  public record End(ResultStatus status, String reasonCode, Stage stage) {}

  /**
   * How one resolution stage answered a request.
   *
   * @param stage CAPTION or INVERSION
   * @param key the resolution key
   * @param outcome HIT (the table had it), MISS (this request's ask issued the job), or PARKED (it
   *     waited behind another request's job)
   * @param answer how the wait ended: RELEASED, FAILED, WITHDRAWN, or empty for a hit or an
   *     unanswered ask
   * @param issuedBy the request whose ask issued the job, when parked
   * @param parkedMs how long it waited, when it was answered after waiting
   */
  public record Resolution(
      Stage stage,
      String key,
      String outcome,
      Optional<String> answer,
      Optional<String> issuedBy,
      Optional<Long> parkedMs) {

    static Optional<Resolution> of(Stage stage, List<AuditEvent> events) {
      String prefix = stage.name() + "_";
      String key = null;
      String outcome = null;
      String answer = null;
      String issuedBy = null;
      Long parkedMs = null;
      for (AuditEvent e : events) {
        if (e.getStage() != stage || !e.getDecision().startsWith(prefix)) {
          continue;
        }
        String what = e.getDecision().substring(prefix.length());
        key = e.getDetails().getOrDefault("key", key);
        switch (what) {
          case "HIT", "MISS", "PARKED" -> outcome = what;
          case "RELEASED", "FAILED", "WITHDRAWN" -> answer = what;
          default -> {}
        }
        issuedBy = e.getDetails().getOrDefault("issuedBy", issuedBy);
        String waited = e.getDetails().get("parkedMs");
        if (waited != null) {
          parkedMs = Long.parseLong(waited);
        }
      }
      if (outcome == null) {
        return Optional.empty();
      }
      return Optional.of(
          new Resolution(
              stage,
              key,
              outcome,
              Optional.ofNullable(answer),
              Optional.ofNullable(issuedBy),
              Optional.ofNullable(parkedMs)));
    }

    /** Whether this request's ask computed the record (it issued the job). */
    public boolean computedForThisRequest() {
      return outcome.equals("MISS");
    }

    String describe() {
      String how =
          switch (outcome) {
            case "HIT" -> "cache hit";
            case "MISS" -> "computed for this request";
            default -> "shared: parked behind " + issuedBy.orElse("?") + "'s job";
          };
      return how
          + answer.map(a -> ", " + a).orElse("")
          + parkedMs.map(ms -> " after " + ms + " ms").orElse("")
          + "  [key "
          + key
          + "]";
    }
  }
}
