package dev.editstream.schemas.evolution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.editstream.schemas.avro.ResultStatus;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fails the build when a contract schema breaks the evolution rules of {@code schemas/README.md}
 * against its released versions.
 */
class SchemaEvolutionTest {

  private static final SchemaHistory HISTORY = SchemaHistory.ofModule();

  static List<Class<? extends org.apache.avro.specific.SpecificRecord>> contract() {
    return SchemaHistory.CONTRACT;
  }

  @Test
  void everyContractRecordHasAHistoryAndNothingElseDoes() {
    assertThat(HISTORY.names())
        .containsExactlyInAnyOrderElementsOf(
            SchemaHistory.CONTRACT.stream().map(Class::getSimpleName).toList());
  }

  @ParameterizedTest
  @MethodSource("contract")
  void currentSchemaFollowsTheRulesAgainstEveryRelease(
      Class<? extends org.apache.avro.specific.SpecificRecord> type) {
    String name = type.getSimpleName();
    List<Schema> released = HISTORY.released(name);
    assertThat(released).as("released versions of %s", name).isNotEmpty();
    assertThat(HISTORY.fileCount(name)).as("%s history has gaps", name).isEqualTo(released.size());
    assertThat(EvolutionRules.violations(SchemaHistory.current(type), released))
        .as("%s breaks compatibility with its released versions", name)
        .isEmpty();
  }

  @Test
  void aNewFieldWithoutDefaultBreaksBackward() {
    Schema v1 = SchemaBuilder.record("R").fields().requiredString("a").endRecord();
    Schema next =
        SchemaBuilder.record("R").fields().requiredString("a").requiredInt("b").endRecord();
    assertThat(EvolutionRules.violations(next, List.of(v1)))
        .singleElement()
        .asString()
        .startsWith("BACKWARD")
        .contains("READER_FIELD_MISSING_DEFAULT_VALUE");
  }

  @Test
  void removingAFieldWithoutDefaultBreaksForward() {
    Schema v1 = SchemaBuilder.record("R").fields().requiredString("a").requiredInt("b").endRecord();
    Schema next = SchemaBuilder.record("R").fields().requiredString("a").endRecord();
    assertThat(EvolutionRules.violations(next, List.of(v1)))
        .singleElement()
        .asString()
        .startsWith("FORWARD");
  }

  @Test
  void anOldReleaseStillCountsAfterLaterOnes() {
    Schema v1 = SchemaBuilder.record("R").fields().requiredString("a").endRecord();
    Schema v2 =
        SchemaBuilder.record("R")
            .fields()
            .requiredString("a")
            .name("b")
            .type()
            .stringType()
            .stringDefault("x")
            .endRecord();
    // Drops b's default: fine for data written with v2 (which always has b), not for v1 data.
    Schema next =
        SchemaBuilder.record("R").fields().requiredString("a").requiredString("b").endRecord();
    assertThat(EvolutionRules.violations(next, List.of(v2))).isEmpty();
    assertThat(EvolutionRules.violations(next, List.of(v1, v2)))
        .singleElement()
        .asString()
        .startsWith("BACKWARD");
  }

  @Test
  void aNewSymbolOnAClosedEnumBreaksForward() {
    Schema released = ResultStatus.getClassSchema();
    List<String> symbols = new java.util.ArrayList<>(released.getEnumSymbols());
    symbols.add("PAUSED");
    Schema next = Schema.createEnum(released.getName(), null, released.getNamespace(), symbols);
    assertThat(EvolutionRules.violations(next, List.of(released)))
        .singleElement()
        .asString()
        .startsWith("FORWARD");
  }

  @Test
  void aNewSymbolOnAnEnumWithADefaultIsAllowed() {
    Schema released = dev.editstream.schemas.avro.Stage.getClassSchema();
    List<String> symbols = new java.util.ArrayList<>(released.getEnumSymbols());
    symbols.add("REVIEW");
    Schema next =
        Schema.createEnum(
            released.getName(), null, released.getNamespace(), symbols, released.getEnumDefault());
    assertThat(EvolutionRules.violations(next, List.of(released))).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("contract")
  void everyReleaseFollowedTheRulesWhenItWasMade(
      Class<? extends org.apache.avro.specific.SpecificRecord> type) {
    String name = type.getSimpleName();
    List<Schema> released = HISTORY.released(name);
    for (int n = 2; n <= released.size(); n++) {
      List<Schema> before = released.subList(0, n - 1);
      List<String> problems = EvolutionRules.violations(released.get(n - 1), before);
      if (HISTORY.readersFirst(name, n)) {
        problems = problems.stream().filter(p -> !p.startsWith("FORWARD")).toList();
      }
      assertThat(problems).as("%s v%d against earlier releases", name, n).isEmpty();
    }
  }

  @Test
  void anOptionalFieldWithDefaultIsAllowed() {
    Schema v1 = SchemaBuilder.record("R").fields().requiredString("a").endRecord();
    Schema next =
        SchemaBuilder.record("R").fields().requiredString("a").optionalString("b").endRecord();
    assertThat(EvolutionRules.violations(next, List.of(v1))).isEmpty();
  }
}
