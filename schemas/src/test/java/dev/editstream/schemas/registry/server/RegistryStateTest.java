package dev.editstream.schemas.registry.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.editstream.schemas.registry.CompatibilityLevel;
import dev.editstream.schemas.registry.server.RegistryState.Claim;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

/** The rules that make every instance reading the same log agree on ids and versions. */
class RegistryStateTest {

  private static final Schema A = SchemaBuilder.record("A").fields().optionalInt("x").endRecord();
  private static final Schema B = SchemaBuilder.record("B").fields().optionalInt("y").endRecord();

  private final RegistryState state = new RegistryState(CompatibilityLevel.BACKWARD);

  @Test
  void theFirstClaimOfAVersionWinsAndTheRaceLoserIsIgnored() {
    assertThat(state.apply(new Claim("s", 1, 1, A))).isTrue();
    assertThat(state.apply(new Claim("s", 1, 2, B))).isFalse();
    assertThat(state.versions("s"))
        .singleElement()
        .extracting(RegistryState.Version::id)
        .isEqualTo(1);
    assertThat(state.nextVersion("s")).isEqualTo(2);
  }

  @Test
  void anIdBelongsToOneSchema() {
    assertThat(state.apply(new Claim("s", 1, 1, A))).isTrue();
    assertThat(state.apply(new Claim("t", 1, 1, B))).as("id 1 is A's").isFalse();
    assertThat(state.apply(new Claim("t", 1, 2, A))).as("A already has id 1").isFalse();
    assertThat(state.apply(new Claim("t", 1, 1, A))).as("same schema, same id").isTrue();
    assertThat(state.idFor(org.apache.avro.SchemaNormalization.toParsingForm(B))).isEqualTo(2);
  }

  @Test
  void versionsMustBeConsecutiveAndSchemasUniquePerSubject() {
    assertThat(state.apply(new Claim("s", 2, 1, A))).isFalse();
    assertThat(state.apply(new Claim("s", 1, 1, A))).isTrue();
    assertThat(state.apply(new Claim("s", 2, 1, A))).isFalse();
    assertThat(state.apply(new Claim("s", 2, 2, B))).isTrue();
  }

  @Test
  void subjectLevelsOverrideTheGlobalOne() {
    assertThat(state.effectiveLevel("s")).isEqualTo(CompatibilityLevel.BACKWARD);
    state.applyConfig(null, CompatibilityLevel.FULL);
    state.applyConfig("s", CompatibilityLevel.NONE);
    assertThat(state.effectiveLevel("s")).isEqualTo(CompatibilityLevel.NONE);
    assertThat(state.effectiveLevel("t")).isEqualTo(CompatibilityLevel.FULL);
    state.applyConfig("s", null);
    assertThat(state.effectiveLevel("s")).isEqualTo(CompatibilityLevel.FULL);
  }
}
