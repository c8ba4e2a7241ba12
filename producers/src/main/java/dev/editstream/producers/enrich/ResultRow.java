package dev.editstream.producers.enrich;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * One line of {@code results.jsonl}: a row's request and how it ended. Paths are relative to the
 * output folder, so the folder can be moved or served as it is.
 *
 * @param id the request id
 * @param line the row's line in the input
 * @param label the row's label
 * @param edit the edit kind
 * @param prompt the target prompt
 * @param status SUCCEEDED, REJECTED, FAILED, EXPIRED or CANCELLED (the result's status)
 * @param reasonCode the result's reason code (a client code when nothing came back)
 * @param expected the reason code the row expected
 * @param message the reason in words
 * @param caption the caption the edit used
 * @param captionSource where it came from: given, cached or computed
 * @param captionScore the computed caption's confidence
 * @param maskSource where the mask came from, if one was used
 * @param seed the seed the edit ran with
 * @param bundleId the bundle that made it
 * @param sha256 the result image's SHA-256
 * @param source the source image's copy
 * @param result the result image
 * @param mask the mask image used
 * @param timingsMs the stages' wall times
 * @param quality the result's quality metrics
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResultRow(
    String id,
    int line,
    String label,
    String edit,
    String prompt,
    String status,
    String reasonCode,
    String expected,
    String message,
    String caption,
    String captionSource,
    Double captionScore,
    String maskSource,
    Long seed,
    String bundleId,
    String sha256,
    String source,
    String result,
    String mask,
    Map<String, Long> timingsMs,
    Map<String, Double> quality) {

  /** Whether the row ended as it expected. */
  public boolean asExpected() {
    return reasonCode != null && reasonCode.equals(expected);
  }

  /** Whether the row's request has ended (a re-run skips it). */
  public boolean finished() {
    return !"RESULT_NOT_ARRIVED".equals(reasonCode);
  }
}
