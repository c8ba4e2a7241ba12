package dev.editstream.schemas.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * Confluent's compatibility levels, checked with Avro's {@link SchemaCompatibility}.
 *
 * <ul>
 *   <li>BACKWARD: consumers on the new schema read data written with the previous one.
 *   <li>FORWARD: consumers on the previous schema read data written with the new one.
 *   <li>FULL: both. {@code _TRANSITIVE}: against every earlier version, not only the latest.
 *   <li>NONE: no check.
 * </ul>
 */
public enum CompatibilityLevel {
  /** No check. */
  NONE(false, false, false),
  /** New reads latest. */
  BACKWARD(true, false, false),
  /** New reads every earlier version. */
  BACKWARD_TRANSITIVE(true, false, true),
  /** Latest reads new. */
  FORWARD(false, true, false),
  /** Every earlier version reads new. */
  FORWARD_TRANSITIVE(false, true, true),
  /** Backward and forward against the latest. */
  FULL(true, true, false),
  /** Backward and forward against every earlier version. */
  FULL_TRANSITIVE(true, true, true);

  private final boolean backward;
  private final boolean forward;
  private final boolean transitive;

  CompatibilityLevel(boolean backward, boolean forward, boolean transitive) {
    this.backward = backward;
    this.forward = forward;
    this.transitive = transitive;
  }

  /**
   * Parses a level name as the registry API spells it (case-insensitive).
   *
   * @throws IllegalArgumentException if the name is not a level
   */
  public static CompatibilityLevel parse(String name) {
    if (name == null) {
      throw new IllegalArgumentException("compatibility level missing");
    }
    try {
      return valueOf(name.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Invalid compatibility level: " + name, e);
    }
  }

  /**
   * Why a candidate schema may not follow the existing versions of a subject; empty if it may.
   *
   * @param candidate the schema to register
   * @param existing the subject's versions, oldest first
   */
  public List<String> violations(Schema candidate, List<Schema> existing) {
    List<String> problems = new ArrayList<>();
    if (this == NONE || existing.isEmpty()) {
      return problems;
    }
    List<Schema> checked = transitive ? existing : List.of(existing.get(existing.size() - 1));
    for (Schema previous : checked) {
      if (backward) {
        describe(SchemaCompatibility.checkReaderWriterCompatibility(candidate, previous), problems);
      }
      if (forward) {
        describe(SchemaCompatibility.checkReaderWriterCompatibility(previous, candidate), problems);
      }
    }
    return problems;
  }

  private static void describe(SchemaPairCompatibility result, List<String> problems) {
    if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
      return;
    }
    result
        .getResult()
        .getIncompatibilities()
        .forEach(
            i ->
                problems.add(
                    "{errorType:'"
                        + i.getType()
                        + "', description:'"
                        + i.getMessage()
                        + "', location:'"
                        + i.getLocation()
                        + "'}"));
  }
}
