package dev.editstream.schemas.registry.server;

import dev.editstream.schemas.registry.CompatibilityLevel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * The registry's contents as rebuilt from the {@code _schemas} log. Every instance applies the same
 * log in the same order with the same rules, so all instances agree on ids and versions: a schema
 * claim is accepted only if its version is the subject's next one, its id is the one its schema
 * already has (or a fresh one), and its id is not taken by another schema. A rejected claim (a lost
 * race between instances) is ignored everywhere; its writer notices and retries.
 */
final class RegistryState {

  /** A schema under a subject. */
  record Version(String subject, int version, int id, Schema schema, String form) {}

  /** A claim read from the log. */
  record Claim(String subject, int version, int id, Schema schema) {}

  private final Map<String, List<Version>> subjects = new TreeMap<>();
  private final Map<Integer, Version> firstById = new HashMap<>();
  private final Map<String, Integer> idByForm = new HashMap<>();
  private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
  private CompatibilityLevel globalLevel;
  private final CompatibilityLevel defaultLevel;
  private int maxId;

  RegistryState(CompatibilityLevel defaultLevel) {
    this.defaultLevel = defaultLevel;
  }

  /** Applies a schema claim; returns whether it was accepted. */
  boolean apply(Claim claim) {
    String form = SchemaNormalization.toParsingForm(claim.schema());
    List<Version> versions = subjects.getOrDefault(claim.subject(), List.of());
    int expectedVersion = versions.isEmpty() ? 1 : versions.get(versions.size() - 1).version() + 1;
    Integer formId = idByForm.get(form);
    Version idOwner = firstById.get(claim.id());
    boolean accepted =
        claim.version() == expectedVersion
            && claim.id() > 0
            && (formId == null || formId == claim.id())
            && (idOwner == null || idOwner.form().equals(form))
            && versions.stream().noneMatch(v -> v.form().equals(form));
    if (accepted) {
      Version version =
          new Version(claim.subject(), claim.version(), claim.id(), claim.schema(), form);
      subjects.computeIfAbsent(claim.subject(), s -> new ArrayList<>()).add(version);
      firstById.putIfAbsent(claim.id(), version);
      idByForm.putIfAbsent(form, claim.id());
      maxId = Math.max(maxId, claim.id());
    }
    return accepted;
  }

  /** Applies a compatibility setting; a null subject sets the global level. */
  void applyConfig(String subject, CompatibilityLevel level) {
    if (subject == null) {
      globalLevel = level;
    } else if (level == null) {
      subjectLevels.remove(subject);
    } else {
      subjectLevels.put(subject, level);
    }
  }

  List<String> subjects() {
    return List.copyOf(subjects.keySet());
  }

  /** The versions of a subject, oldest first; 40401 if it has none. */
  List<Version> versions(String subject) {
    List<Version> versions = subjects.get(subject);
    if (versions == null || versions.isEmpty()) {
      throw RegistryError.subjectNotFound(subject);
    }
    return List.copyOf(versions);
  }

  Version version(String subject, int number) {
    return versions(subject).stream()
        .filter(v -> v.version() == number)
        .findFirst()
        .orElseThrow(() -> RegistryError.versionNotFound(number));
  }

  Version latest(String subject) {
    List<Version> versions = versions(subject);
    return versions.get(versions.size() - 1);
  }

  Optional<Version> find(String subject, String form) {
    return subjects.getOrDefault(subject, List.of()).stream()
        .filter(v -> v.form().equals(form))
        .findFirst();
  }

  Optional<Version> byId(int id) {
    return Optional.ofNullable(firstById.get(id));
  }

  /** The id a new claim of this schema form should carry. */
  int idFor(String form) {
    Integer existing = idByForm.get(form);
    return existing != null ? existing : maxId + 1;
  }

  int nextVersion(String subject) {
    List<Version> versions = subjects.getOrDefault(subject, List.of());
    return versions.isEmpty() ? 1 : versions.get(versions.size() - 1).version() + 1;
  }

  CompatibilityLevel globalLevel() {
    return globalLevel != null ? globalLevel : defaultLevel;
  }

  Optional<CompatibilityLevel> subjectLevel(String subject) {
    return Optional.ofNullable(subjectLevels.get(subject));
  }

  CompatibilityLevel effectiveLevel(String subject) {
    return subjectLevel(subject).orElse(globalLevel());
  }
}
