package dev.editstream.deploy.provision;

/**
 * One way an existing topic differs from the catalogue.
 *
 * @param topic the topic
 * @param setting {@code partitions}, {@code cleanup.policy} or {@code retention.ms}
 * @param expected the catalogue's value
 * @param actual the broker's value
 */
public record TopicDrift(String topic, String setting, String expected, String actual) {

  @Override
  public String toString() {
    return topic + ": " + setting + " is " + actual + ", catalogue says " + expected;
  }
}
