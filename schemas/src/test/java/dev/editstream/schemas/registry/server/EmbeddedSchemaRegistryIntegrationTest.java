package dev.editstream.schemas.registry.server;

import static dev.editstream.schemas.registry.server.RawHttp.json;
import static dev.editstream.schemas.registry.server.RawHttp.schemaBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.editstream.schemas.registry.RegistryClientConfig;
import dev.editstream.schemas.registry.RestSchemaRegistryClient;
import dev.editstream.schemas.registry.SchemaRegistryClient;
import dev.editstream.schemas.registry.SchemaRegistryException;
import dev.editstream.schemas.testing.KafkaClusterExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The embedded registry against a real KRaft broker. Each test uses its own store topic, so ids
 * start at 1 as in Confluent's API reference examples.
 */
class EmbeddedSchemaRegistryIntegrationTest {

  @RegisterExtension
  static final KafkaClusterExtension KAFKA = KafkaClusterExtension.create().shared();

  private static final String STRING_SCHEMA = "{\"type\": \"string\"}";

  private static EmbeddedSchemaRegistry registry(String topic) {
    return EmbeddedSchemaRegistry.builder()
        .bootstrapServers(KAFKA.bootstrapServers())
        .topic(topic)
        .build()
        .start();
  }

  private static String freshTopic() {
    return "_schemas-" + UUID.randomUUID();
  }

  /** A record schema "test" with {@code fields} optional string fields f0..f(n-1). */
  private static Schema record(int fields) {
    SchemaBuilder.FieldAssembler<Schema> assembler = SchemaBuilder.record("test").fields();
    for (int i = 0; i < fields; i++) {
      assembler = assembler.optionalString("f" + i);
    }
    return assembler.endRecord();
  }

  @Test
  void replaysTheApiReferenceExamples() {
    try (EmbeddedSchemaRegistry registry = registry(freshTopic())) {
      RawHttp http = new RawHttp(registry.url());

      RawHttp.Response registered =
          http.post("/subjects/Kafka-key/versions", schemaBody(STRING_SCHEMA));
      assertThat(registered.status()).isEqualTo(200);
      assertThat(registered.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
      assertThat(registered.json()).isEqualTo(json("{\"id\":1}"));
      // Registering the same schema under another subject returns the same id.
      assertThat(http.post("/subjects/Kafka-value/versions", schemaBody(STRING_SCHEMA)).json())
          .isEqualTo(json("{\"id\":1}"));

      assertThat(http.get("/subjects").json()).isEqualTo(json("[\"Kafka-key\",\"Kafka-value\"]"));
      assertThat(http.get("/schemas/ids/1").json())
          .isEqualTo(json("{\"schema\":\"\\\"string\\\"\"}"));
      assertThat(http.get("/subjects/Kafka-value/versions").json()).isEqualTo(json("[1]"));
      String versionOne =
          "{\"subject\":\"Kafka-value\",\"version\":1,\"id\":1,\"schema\":\"\\\"string\\\"\"}";
      assertThat(http.get("/subjects/Kafka-value/versions/1").json()).isEqualTo(json(versionOne));
      assertThat(http.get("/subjects/Kafka-value/versions/latest").json())
          .isEqualTo(json(versionOne));
      assertThat(http.get("/subjects/Kafka-value/versions/1/schema").json())
          .isEqualTo(json("\"string\""));
      assertThat(http.post("/subjects/Kafka-key", schemaBody(STRING_SCHEMA)).json())
          .isEqualTo(json(versionOne.replace("Kafka-value", "Kafka-key")));
      assertThat(
              http.post(
                      "/compatibility/subjects/Kafka-value/versions/latest",
                      schemaBody(STRING_SCHEMA))
                  .json())
          .isEqualTo(json("{\"is_compatible\":true}"));

      assertThat(http.get("/config").json())
          .isEqualTo(json("{\"compatibilityLevel\":\"BACKWARD\"}"));
      assertThat(http.put("/config", "{\"compatibility\": \"NONE\"}").json())
          .isEqualTo(json("{\"compatibility\":\"NONE\"}"));
      assertThat(http.get("/config").json()).isEqualTo(json("{\"compatibilityLevel\":\"NONE\"}"));
      assertThat(http.put("/config/Kafka-value", "{\"compatibility\": \"FULL\"}").json())
          .isEqualTo(json("{\"compatibility\":\"FULL\"}"));
      assertThat(http.get("/config/Kafka-value").json())
          .isEqualTo(json("{\"compatibilityLevel\":\"FULL\"}"));

      // "GET /subjects/test/versions" answers [1, 2, 3, 4] after four compatible versions.
      for (int fields = 1; fields <= 4; fields++) {
        assertThat(
                http.post("/subjects/test/versions", schemaBody(record(fields).toString()))
                    .status())
            .isEqualTo(200);
      }
      assertThat(http.get("/subjects/test/versions").json()).isEqualTo(json("[1,2,3,4]"));
    }
  }

  @Test
  void answersErrorsWithConfluentCodesAndBodies() {
    try (EmbeddedSchemaRegistry registry = registry(freshTopic())) {
      RawHttp http = new RawHttp(registry.url());
      http.post("/subjects/test/versions", schemaBody(record(1).toString()));

      assertError(http.get("/subjects/nope/versions"), 404, 40401, "Subject 'nope' not found.");
      assertError(http.get("/subjects/test/versions/7"), 404, 40402, "Version 7 not found.");
      assertError(http.get("/schemas/ids/99"), 404, 40403, "Schema 99 not found");
      assertError(
          http.post("/subjects/test", schemaBody(record(3).toString())),
          404,
          40403,
          "Schema not found");
      assertError(
          http.get("/config/test"),
          404,
          40408,
          "Subject 'test' does not have subject-level compatibility configured");
      assertThat(http.get("/config/test?defaultToGlobal=true").json())
          .isEqualTo(json("{\"compatibilityLevel\":\"BACKWARD\"}"));

      RawHttp.Response invalid =
          http.post("/subjects/test/versions", schemaBody("{\"type\":\"nope\"}"));
      assertThat(invalid.status()).isEqualTo(422);
      assertThat(invalid.json().get("error_code").asInt()).isEqualTo(42201);
      RawHttp.Response badVersion = http.get("/subjects/test/versions/0");
      assertThat(badVersion.status()).isEqualTo(422);
      assertThat(badVersion.json().get("error_code").asInt()).isEqualTo(42202);
      assertError(
          http.put("/config", "{\"compatibility\": \"SIDEWAYS\"}"),
          422,
          42203,
          "Invalid compatibility level. Valid values are none, backward, forward, full,"
              + " backward_transitive, forward_transitive, and full_transitive");

      // A new required field without a default cannot read old data: BACKWARD refuses it.
      Schema incompatible =
          SchemaBuilder.record("test").fields().optionalString("f0").requiredInt("n").endRecord();
      RawHttp.Response conflict =
          http.post("/subjects/test/versions", schemaBody(incompatible.toString()));
      assertThat(conflict.status()).isEqualTo(409);
      assertThat(conflict.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
      assertThat(conflict.json().get("error_code").asInt()).isEqualTo(409);
      assertThat(conflict.json().get("message").asText())
          .startsWith(
              "Schema being registered is incompatible with an earlier schema for subject"
                  + " \"test\"")
          .contains("READER_FIELD_MISSING_DEFAULT_VALUE");
      assertThat(
              http.post(
                      "/compatibility/subjects/test/versions/latest?verbose=true",
                      schemaBody(incompatible.toString()))
                  .json()
                  .get("is_compatible")
                  .asBoolean())
          .isFalse();
      assertThat(http.get("/subjects/test/versions").json()).isEqualTo(json("[1]"));

      assertThat(http.get("/no/such/path").status()).isEqualTo(404);
      assertThat(http.put("/subjects", "{}").status()).isEqualTo(405);
    }
  }

  @Test
  void sameSchemaTwiceGetsOneIdThroughTheClient() {
    try (EmbeddedSchemaRegistry registry = registry(freshTopic());
        SchemaRegistryClient client =
            new RestSchemaRegistryClient(RegistryClientConfig.of(registry.url()))) {
      int first = client.register("a-value", record(1));
      int again = client.register("a-value", record(1));
      int otherSubject = client.register("b-value", record(1));
      int evolved = client.register("a-value", record(2));
      assertThat(again).isEqualTo(first);
      assertThat(otherSubject).isEqualTo(first);
      assertThat(evolved).isNotEqualTo(first);
      assertThat(client.versions("a-value")).containsExactly(1, 2);
      assertThat(client.latest("a-value").id()).isEqualTo(evolved);
      assertThat(client.lookup("a-value", record(1)).version()).isEqualTo(1);
      assertThat(client.isCompatible("a-value", "latest", record(3))).isTrue();
      client.setSubjectCompatibility("a-value", "FULL_TRANSITIVE");
      assertThat(client.subjectCompatibility("a-value")).isEqualTo("FULL_TRANSITIVE");
      assertThat(client.subjectCompatibility("b-value")).isEqualTo("BACKWARD");
      assertThatThrownBy(() -> client.schemaById(4242))
          .isInstanceOfSatisfying(
              SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40403));
    }
  }

  @Test
  void idsSurviveARestart() {
    String topic = freshTopic();
    int id;
    try (EmbeddedSchemaRegistry registry = registry(topic);
        SchemaRegistryClient client =
            new RestSchemaRegistryClient(RegistryClientConfig.of(registry.url()))) {
      client.register("a-value", record(1));
      id = client.register("a-value", record(2));
      client.setGlobalCompatibility("FULL");
    }
    try (EmbeddedSchemaRegistry restarted = registry(topic);
        SchemaRegistryClient client =
            new RestSchemaRegistryClient(RegistryClientConfig.of(restarted.url()))) {
      assertThat(client.schemaById(id)).isEqualTo(record(2));
      assertThat(client.versions("a-value")).containsExactly(1, 2);
      assertThat(client.globalCompatibility()).isEqualTo("FULL");
      assertThat(client.register("a-value", record(2))).isEqualTo(id);
      assertThat(client.register("a-value", record(3))).isEqualTo(id + 1);
    }
  }

  @Test
  void twoInstancesOnOneBrokerAgree() throws Exception {
    String topic = freshTopic();
    try (EmbeddedSchemaRegistry registryA = registry(topic);
        EmbeddedSchemaRegistry registryB = registry(topic);
        SchemaRegistryClient a =
            new RestSchemaRegistryClient(RegistryClientConfig.of(registryA.url()));
        SchemaRegistryClient b =
            new RestSchemaRegistryClient(RegistryClientConfig.of(registryB.url()))) {
      int first = a.register("a-value", record(1));
      assertThat(b.schemaById(first)).isEqualTo(record(1));
      assertThat(b.register("a-value", record(1))).isEqualTo(first);
      int second = b.register("a-value", record(2));
      assertThat(second).isNotEqualTo(first);
      assertThat(a.latest("a-value").id()).isEqualTo(second);

      // Concurrent registrations of different schemas through both instances: every schema gets
      // one id, no id is given twice, and both instances answer the same.
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Future<Integer>> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
          String subject = "s" + i + "-value";
          SchemaRegistryClient via = i % 2 == 0 ? a : b;
          Schema schema = SchemaBuilder.record("r" + i).fields().optionalLong("x").endRecord();
          ids.add(pool.submit((Callable<Integer>) () -> via.register(subject, schema)));
        }
        List<Integer> assigned = new ArrayList<>();
        for (Future<Integer> id : ids) {
          assigned.add(id.get());
        }
        assertThat(assigned).doesNotHaveDuplicates().doesNotContain(first, second);
      } finally {
        pool.shutdownNow();
      }
      assertThat(contents(a)).isEqualTo(contents(b));
    }
  }

  @Test
  void requiresBasicAuthWhenConfigured() {
    try (EmbeddedSchemaRegistry registry =
            EmbeddedSchemaRegistry.builder()
                .bootstrapServers(KAFKA.bootstrapServers())
                .topic(freshTopic())
                .basicAuth("fred:letmein")
                .build()
                .start();
        SchemaRegistryClient anonymous =
            new RestSchemaRegistryClient(RegistryClientConfig.of(registry.url()));
        SchemaRegistryClient fred =
            new RestSchemaRegistryClient(
                RegistryClientConfig.fromMap(
                    Map.of(
                        "schema.registry.url", registry.url(),
                        "basic.auth.credentials.source", "USER_INFO",
                        "basic.auth.user.info", "fred:letmein")))) {
      assertThatThrownBy(anonymous::subjects)
          .isInstanceOfSatisfying(
              SchemaRegistryException.class, e -> assertThat(e.status()).isEqualTo(401));
      assertThat(fred.register("a-value", record(1))).isEqualTo(1);
    }
  }

  /** Subject/version to id, as one instance sees it. */
  private static Map<String, Integer> contents(SchemaRegistryClient client) {
    Map<String, Integer> contents = new TreeMap<>();
    for (String subject : client.subjects()) {
      for (int version : client.versions(subject)) {
        contents.put(subject + "/" + version, client.version(subject, version).id());
      }
    }
    return contents;
  }

  private static void assertError(RawHttp.Response response, int status, int code, String message) {
    assertThat(response.status()).isEqualTo(status);
    assertThat(response.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
    assertThat(response.json())
        .isEqualTo(
            json(
                "{\"error_code\":"
                    + code
                    + ",\"message\":"
                    + new com.fasterxml.jackson.databind.ObjectMapper()
                        .createObjectNode()
                        .textNode(message)
                        .toString()
                    + "}"));
  }
}
