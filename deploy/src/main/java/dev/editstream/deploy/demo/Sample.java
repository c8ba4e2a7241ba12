package dev.editstream.deploy.demo;

import dev.editstream.schemas.avro.EditRequest;

/**
 * One sample request and what intake should decide about it.
 *
 * @param description what the request asks, in a few words
 * @param request the request
 * @param expectedReason the reason code it must be rejected with, or null if it is valid
 */
public record Sample(String description, EditRequest request, String expectedReason) {

  /** Returns whether intake should accept the request. */
  public boolean valid() {
    return expectedReason == null;
  }
}
