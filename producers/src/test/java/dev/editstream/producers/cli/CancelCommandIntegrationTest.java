package dev.editstream.producers.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.editstream.producers.ClientSettings;
import dev.editstream.producers.Observed;
import dev.editstream.producers.TopicRecords;
import dev.editstream.schemas.Topics;
import dev.editstream.schemas.avro.CancelRequest;
import dev.editstream.schemas.testing.KafkaClusterExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code cancel} against a real broker and registry. */
class CancelCommandIntegrationTest {

  @RegisterExtension
  static final KafkaClusterExtension KAFKA = KafkaClusterExtension.withRegistry().shared();

  @TempDir static Path blobRoot;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeAll
  static void createTopics() {
    KAFKA.cluster().createTopics(Topics.all());
  }

  private int cancel(String... args) {
    CommandLine cancel = new CommandLine(new CancelCommand());
    cancel.setOut(new PrintWriter(out, true));
    cancel.setErr(new PrintWriter(err, true));
    String[] connection = {
      "--bootstrap-servers", KAFKA.bootstrapServers(),
      "--registry-url", KAFKA.registryUrl(),
      "--blob-root", blobRoot.toString()
    };
    String[] all = java.util.Arrays.copyOf(connection, connection.length + args.length);
    System.arraycopy(args, 0, all, connection.length, args.length);
    return cancel.execute(all);
  }

  @Test
  void writesACancelRequestWithTheReasonAndSaysSo() {
    assertThat(cancel("cli-cancel-1", "--reason", "wrong image")).isZero();
    assertThat(out.toString()).isEqualTo("cancel requested: cli-cancel-1" + System.lineSeparator());

    List<Observed> seen =
        TopicRecords.read(
            new ClientSettings(KAFKA.bootstrapServers(), KAFKA.registryUrl(), blobRoot),
            Topics.EDIT_CANCELLATIONS,
            List.of("cli-cancel-1"));
    CancelRequest request = (CancelRequest) seen.get(0).value();
    assertThat(request.getRequestId()).isEqualTo("cli-cancel-1");
    assertThat(request.getReason()).isEqualTo("wrong image");
  }

  @Test
  void needsTheRequestId() {
    assertThat(cancel("--reason", "no id")).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required parameter: 'ID'");
    assertThat(out.toString()).isEmpty();
  }
}
