package dev.editstream.schemas.registry;

import java.util.Objects;
import org.apache.avro.Schema;

/**
 * A schema as registered under a subject: the subject, its version there, its global id and the
 * schema itself.
 *
 * @param subject subject name, e.g. {@code edit-requests-value}
 * @param version version within the subject, from 1
 * @param id global schema id (what the wire format carries)
 * @param schema the Avro schema
 */
public record RegisteredSchema(String subject, int version, int id, Schema schema) {

  /** Validates the fields. */
  public RegisteredSchema {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(schema, "schema");
  }
}
