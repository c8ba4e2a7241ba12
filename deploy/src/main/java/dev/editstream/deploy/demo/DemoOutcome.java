package dev.editstream.deploy.demo;

import java.util.List;

/**
 * How a demo run went.
 *
 * @param succeeded requests that ended SUCCEEDED
 * @param rejected requests that ended REJECTED
 * @param missing request ids without a result when the timeout passed
 * @param unexpected results that differ from the sample's expectation
 */
public record DemoOutcome(
    int succeeded, int rejected, List<String> missing, List<String> unexpected) {

  /** Returns whether every sample got the outcome it should. */
  public boolean asExpected() {
    return missing.isEmpty() && unexpected.isEmpty();
  }
}
