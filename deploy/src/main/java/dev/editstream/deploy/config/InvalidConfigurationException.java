package dev.editstream.deploy.config;

import java.util.List;
import java.util.stream.Collectors;

/** The configuration was refused at start-up; lists every problem found, not just the first. */
public final class InvalidConfigurationException extends RuntimeException {

  private final List<ConfigProblem> problems;

  /**
   * Creates the exception.
   *
   * @param problems every problem found; at least one
   */
  public InvalidConfigurationException(List<ConfigProblem> problems) {
    super(
        "invalid configuration:\n"
            + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  /** Returns every problem found. */
  public List<ConfigProblem> problems() {
    return problems;
  }
}
