package dev.editstream.deploy.demo;

import java.util.List;

/**
 * How a demo run went.
 *
 * @param accepted requests intake accepted
 * @param rejected requests intake rejected
 * @param missing request ids without an outcome when the timeout passed
 * @param unexpected outcomes that differ from the sample's expectation
 */
public record DemoOutcome(
    int accepted, int rejected, List<String> missing, List<String> unexpected) {

  /** Returns whether every sample got the outcome it should. */
  public boolean asExpected() {
    return missing.isEmpty() && unexpected.isEmpty();
  }
}
