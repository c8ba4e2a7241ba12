package dev.editstream.producers;

import dev.editstream.schemas.avro.AuditEvent;
import dev.editstream.schemas.avro.BlobRef;
import dev.editstream.schemas.avro.EditProgress;
import dev.editstream.schemas.avro.EditResult;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;

/** One line of text per result, progress report or audit event, as {@code watch} prints them. */
public final class OutcomeLines {

  private OutcomeLines() {}

  /**
   * Formats a result: {@code RESULT <id> <status> <reason> <message> [image=<path>|result=<uri>]}.
   * A result image in a file blob store is shown by its local path, one elsewhere by its URI.
   *
   * @param result a terminal outcome
   */
  public static String result(EditResult result) {
    String line =
        String.format(
            Locale.ROOT,
            "RESULT   %-36s %-9s %-24s %s",
            result.getRequestId(),
            result.getStatus(),
            result.getReasonCode(),
            result.getMessage());
    return result.getResultImage() == null
        ? line
        : line + " " + imageLocation(result.getResultImage());
  }

  /** {@code image=<path>} for a {@code file:} reference, else {@code result=<uri>}. */
  private static String imageLocation(BlobRef image) {
    try {
      URI uri = new URI(image.getUri());
      if ("file".equalsIgnoreCase(uri.getScheme())) {
        return "image=" + Path.of(uri);
      }
    } catch (URISyntaxException | IllegalArgumentException e) {
      // Not a path this machine can name: the URI is all there is to show.
    }
    return "result=" + image.getUri();
  }

  /** Formats a progress report: {@code PROGRESS <id> <stage> <step>/<total> <message>}. */
  public static String progress(EditProgress progress) {
    return String.format(
        Locale.ROOT,
        "PROGRESS %-36s %-9s %d/%d %s",
        progress.getRequestId(),
        progress.getStage(),
        progress.getStep(),
        progress.getTotalSteps(),
        progress.getMessage() == null ? "" : progress.getMessage());
  }

  /** Formats an audit event: {@code AUDIT <id> <stage> <decision> <details>}. */
  public static String audit(AuditEvent event) {
    return String.format(
        Locale.ROOT,
        "AUDIT    %-36s %-9s %-24s %s",
        event.getRequestId(),
        event.getStage(),
        event.getDecision(),
        new java.util.TreeMap<>(event.getDetails()));
  }

  /** Formats any record {@code watch} follows, by its type. */
  public static String of(Object value) {
    if (value instanceof EditResult r) {
      return result(r);
    }
    if (value instanceof EditProgress p) {
      return progress(p);
    }
    if (value instanceof AuditEvent a) {
      return audit(a);
    }
    return String.valueOf(value);
  }
}
