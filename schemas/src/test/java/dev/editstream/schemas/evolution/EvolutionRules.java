package dev.editstream.schemas.evolution;

import dev.editstream.schemas.registry.CompatibilityLevel;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * The evolution rules of {@code schemas/README.md}: a new schema must read data written with every
 * released version (BACKWARD_TRANSITIVE: replays and compacted topics hold old data), and readers
 * on the latest release must read data written with it (FORWARD: services upgrade in any order).
 */
public final class EvolutionRules {

  private EvolutionRules() {}

  /** Why {@code current} may not follow {@code released} (oldest first); empty if it may. */
  public static List<String> violations(Schema current, List<Schema> released) {
    List<String> problems = new ArrayList<>();
    CompatibilityLevel.BACKWARD_TRANSITIVE
        .violations(current, released)
        .forEach(p -> problems.add("BACKWARD: " + p));
    CompatibilityLevel.FORWARD
        .violations(current, released)
        .forEach(p -> problems.add("FORWARD: " + p));
    return problems;
  }
}
