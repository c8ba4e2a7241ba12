package dev.editstream.schemas.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/** The registry behind {@code mock://} URLs: the same rules as the server, held in memory. */
final class InMemorySchemaRegistryClient implements SchemaRegistryClient {

  private final Map<String, List<RegisteredSchema>> subjects = new LinkedHashMap<>();
  private final Map<String, Integer> idsByForm = new HashMap<>();
  private final Map<Integer, Schema> schemasById = new HashMap<>();
  private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
  private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;

  @Override
  public synchronized int register(String subject, Schema schema) {
    String form = SchemaNormalization.toParsingForm(schema);
    List<RegisteredSchema> versions = subjects.computeIfAbsent(subject, s -> new ArrayList<>());
    for (RegisteredSchema existing : versions) {
      if (SchemaNormalization.toParsingForm(existing.schema()).equals(form)) {
        return existing.id();
      }
    }
    List<Schema> previous = versions.stream().map(RegisteredSchema::schema).toList();
    List<String> problems = level(subject).violations(schema, previous);
    if (!problems.isEmpty()) {
      throw new SchemaRegistryException(
          409,
          409,
          "Schema being registered is incompatible with an earlier schema for subject \""
              + subject
              + "\", details: "
              + problems,
          null);
    }
    int id = idsByForm.computeIfAbsent(form, f -> idsByForm.size() + 1);
    schemasById.putIfAbsent(id, schema);
    versions.add(new RegisteredSchema(subject, versions.size() + 1, id, schema));
    return id;
  }

  @Override
  public synchronized RegisteredSchema lookup(String subject, Schema schema) {
    String form = SchemaNormalization.toParsingForm(schema);
    return existing(subject).stream()
        .filter(r -> SchemaNormalization.toParsingForm(r.schema()).equals(form))
        .findFirst()
        .orElseThrow(() -> new SchemaRegistryException(404, 40403, "Schema not found", null));
  }

  @Override
  public synchronized Schema schemaById(int id) {
    Schema schema = schemasById.get(id);
    if (schema == null) {
      throw new SchemaRegistryException(404, 40403, "Schema " + id + " not found", null);
    }
    return schema;
  }

  @Override
  public synchronized RegisteredSchema latest(String subject) {
    List<RegisteredSchema> versions = existing(subject);
    return versions.get(versions.size() - 1);
  }

  @Override
  public synchronized RegisteredSchema version(String subject, int version) {
    List<RegisteredSchema> versions = existing(subject);
    if (version < 1 || version > versions.size()) {
      throw new SchemaRegistryException(404, 40402, "Version " + version + " not found.", null);
    }
    return versions.get(version - 1);
  }

  @Override
  public synchronized List<String> subjects() {
    return List.copyOf(subjects.keySet());
  }

  @Override
  public synchronized List<Integer> versions(String subject) {
    return existing(subject).stream().map(RegisteredSchema::version).toList();
  }

  @Override
  public synchronized boolean isCompatible(String subject, String version, Schema schema) {
    List<RegisteredSchema> versions = existing(subject);
    List<Schema> previous =
        "latest".equals(version)
            ? versions.stream().map(RegisteredSchema::schema).toList()
            : List.of(this.version(subject, Integer.parseInt(version)).schema());
    return level(subject).violations(schema, previous).isEmpty();
  }

  @Override
  public synchronized String globalCompatibility() {
    return globalLevel.name();
  }

  @Override
  public synchronized void setGlobalCompatibility(String level) {
    globalLevel = CompatibilityLevel.parse(level);
  }

  @Override
  public synchronized String subjectCompatibility(String subject) {
    return level(subject).name();
  }

  @Override
  public synchronized void setSubjectCompatibility(String subject, String level) {
    subjectLevels.put(subject, CompatibilityLevel.parse(level));
  }

  private CompatibilityLevel level(String subject) {
    return subjectLevels.getOrDefault(subject, globalLevel);
  }

  private List<RegisteredSchema> existing(String subject) {
    List<RegisteredSchema> versions = subjects.get(subject);
    if (versions == null || versions.isEmpty()) {
      throw new SchemaRegistryException(404, 40401, "Subject '" + subject + "' not found.", null);
    }
    return versions;
  }
}
