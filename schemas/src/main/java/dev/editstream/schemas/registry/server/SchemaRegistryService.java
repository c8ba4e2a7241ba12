package dev.editstream.schemas.registry.server;

import dev.editstream.schemas.registry.CompatibilityLevel;
import dev.editstream.schemas.registry.server.RegistryState.Claim;
import dev.editstream.schemas.registry.server.RegistryState.Version;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's operations, with Confluent's semantics and error codes. Every operation first
 * reads the log to its end, so an instance answers with what any other instance has written.
 * Registration writes a claim and reads back to learn whether it won (see {@link RegistryState}).
 */
final class SchemaRegistryService {

  private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryService.class);
  private static final int MAX_CLAIM_ATTEMPTS = 8;

  private final SchemaLog log;
  private final RegistryState state;

  SchemaRegistryService(SchemaLog log, CompatibilityLevel defaultLevel) {
    this.log = log;
    this.state = new RegistryState(defaultLevel);
  }

  synchronized void catchUp() {
    log.catchUp(state);
  }

  synchronized int register(String subject, String schemaText) {
    Schema schema = parse(schemaText);
    String form = SchemaNormalization.toParsingForm(schema);
    for (int attempt = 1; attempt <= MAX_CLAIM_ATTEMPTS; attempt++) {
      log.catchUp(state);
      Optional<Version> existing = state.find(subject, form);
      if (existing.isPresent()) {
        return existing.get().id();
      }
      List<String> problems = state.effectiveLevel(subject).violations(schema, schemasOf(subject));
      if (!problems.isEmpty()) {
        LOG.info("refused incompatible schema for subject {}: {}", subject, problems);
        throw RegistryError.incompatible(subject, problems);
      }
      Claim claim = new Claim(subject, state.nextVersion(subject), state.idFor(form), schema);
      log.appendClaim(claim);
      log.catchUp(state);
      Optional<Version> registered = state.find(subject, form);
      if (registered.isPresent()) {
        LOG.info(
            "registered subject {} version {} id {}",
            subject,
            registered.get().version(),
            registered.get().id());
        return registered.get().id();
      }
      LOG.info("claim for subject {} lost a race with another instance; retrying", subject);
    }
    throw RegistryError.storeError(
        "Error while registering schema: no id claimed after " + MAX_CLAIM_ATTEMPTS + " attempts");
  }

  synchronized Version lookup(String subject, String schemaText) {
    Schema schema = parse(schemaText);
    log.catchUp(state);
    state.versions(subject);
    return state
        .find(subject, SchemaNormalization.toParsingForm(schema))
        .orElseThrow(RegistryError::schemaNotFound);
  }

  synchronized Version byId(int id) {
    log.catchUp(state);
    return state.byId(id).orElseThrow(() -> RegistryError.schemaIdNotFound(id));
  }

  synchronized List<String> subjects() {
    log.catchUp(state);
    return state.subjects();
  }

  synchronized List<Version> versions(String subject) {
    log.catchUp(state);
    return state.versions(subject);
  }

  /** A version of a subject; {@code version} is a number from 1, or -1 for the latest. */
  synchronized Version version(String subject, int version) {
    log.catchUp(state);
    return version == -1 ? state.latest(subject) : state.version(subject, version);
  }

  /**
   * Why a schema may not follow a version of a subject (empty if it may); {@code version} is a
   * number, or -1 to check against what registration would check.
   */
  synchronized List<String> compatibilityProblems(String subject, int version, String schemaText) {
    Schema schema = parse(schemaText);
    log.catchUp(state);
    CompatibilityLevel level = state.effectiveLevel(subject);
    List<Schema> against =
        version == -1 ? schemasOf(subject) : List.of(state.version(subject, version).schema());
    if (version == -1) {
      state.versions(subject);
    }
    return level.violations(schema, against);
  }

  synchronized CompatibilityLevel globalLevel() {
    log.catchUp(state);
    return state.globalLevel();
  }

  synchronized Optional<CompatibilityLevel> subjectLevel(String subject) {
    log.catchUp(state);
    return state.subjectLevel(subject);
  }

  /** Sets the level of a subject, or the global level when {@code subject} is null. */
  synchronized void setLevel(String subject, CompatibilityLevel level) {
    log.appendConfig(subject, level);
    log.catchUp(state);
    LOG.info("compatibility of {} set to {}", subject == null ? "(global)" : subject, level);
  }

  private List<Schema> schemasOf(String subject) {
    return state.subjects().contains(subject)
        ? state.versions(subject).stream().map(Version::schema).toList()
        : List.of();
  }

  private static Schema parse(String schemaText) {
    if (schemaText == null || schemaText.isBlank()) {
      throw RegistryError.invalidSchema("(empty): a schema is required");
    }
    try {
      return new Schema.Parser().parse(schemaText);
    } catch (SchemaParseException | NullPointerException e) {
      throw RegistryError.invalidSchema(schemaText + ", details: " + e.getMessage());
    }
  }
}
