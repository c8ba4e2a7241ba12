package dev.editstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.editstream.deploy.cli.ConfigDefaults;
import dev.editstream.deploy.config.EditStreamConfig;
import dev.editstream.producers.cli.WatchCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LauncherTest {

  @Test
  void refusesAnInvalidConfigurationBeforeRunningAnything() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = Launcher.run(new String[] {"up"}, Map.of("EDITSTREAM_KAFKA_PORT", "nine"));
      assertThat(code).isEqualTo(2);
    } finally {
      System.setErr(original);
    }
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("CONFIG_INVALID_VALUE editstream.kafka.port: 'nine' must be a whole number");
  }

  @Test
  void clientCommandsTakeTheirConnectionDefaultsFromTheConfiguration() {
    EditStreamConfig config =
        EditStreamConfig.load(
            null,
            Map.of("EDITSTREAM_KAFKA_PORT", "19092", "EDITSTREAM_REGISTRY_URL", "http://r:1"),
            Map.of());
    CommandLine watch = new CommandLine(new WatchCommand());
    watch.setDefaultValueProvider(new ConfigDefaults(config));
    watch.parseArgs();
    CommandLine.Model.CommandSpec spec = watch.getCommandSpec();
    assertThat((String) spec.findOption("--bootstrap-servers").getValue())
        .isEqualTo("127.0.0.1:19092");
    assertThat((String) spec.findOption("--registry-url").getValue()).isEqualTo("http://r:1");
    watch.parseArgs("--registry-url", "http://other:2");
    assertThat((String) spec.findOption("--registry-url").getValue()).isEqualTo("http://other:2");
  }
}
