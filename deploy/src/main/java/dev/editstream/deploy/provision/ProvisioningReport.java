package dev.editstream.deploy.provision;

import java.util.List;

/**
 * What provisioning did and found.
 *
 * @param created topics created now
 * @param unchanged topics that existed and match the catalogue
 * @param drifts differences of existing topics from the catalogue (left as they are)
 */
public record ProvisioningReport(
    List<String> created, List<String> unchanged, List<TopicDrift> drifts) {

  /** Copies the lists. */
  public ProvisioningReport {
    created = List.copyOf(created);
    unchanged = List.copyOf(unchanged);
    drifts = List.copyOf(drifts);
  }

  /** Returns the one-line summary: how many topics were created, match, differ. */
  public String summary() {
    long drifted = drifts.stream().map(TopicDrift::topic).distinct().count();
    return String.format(
        "%d created, %d already matching, %d differing from the catalogue",
        created.size(), unchanged.size(), drifted);
  }
}
