package dev.editstream.deploy;

import dev.editstream.deploy.cli.BlobGcCommand;
import dev.editstream.deploy.cli.BlobsCommand;
import dev.editstream.deploy.cli.ConfigDefaults;
import dev.editstream.deploy.cli.DemoCommand;
import dev.editstream.deploy.cli.ProcessorsCommand;
import dev.editstream.deploy.cli.StatusCommand;
import dev.editstream.deploy.cli.UpCommand;
import dev.editstream.deploy.cli.WorkerCommand;
import dev.editstream.deploy.config.EditStreamConfig;
import dev.editstream.deploy.config.InvalidConfigurationException;
import dev.editstream.deploy.stack.BlobStores;
import dev.editstream.models.cli.ModelsCommand;
import dev.editstream.producers.cli.CancelCommand;
import dev.editstream.producers.cli.ConnectionOptions;
import dev.editstream.producers.cli.EnrichCommand;
import dev.editstream.producers.cli.ExplainCommand;
import dev.editstream.producers.cli.ReplayCommand;
import dev.editstream.producers.cli.SubmitCommand;
import dev.editstream.producers.cli.WatchCommand;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code editstream} command: {@code up}, {@code demo}, {@code worker}, {@code processors},
 * {@code submit}, {@code cancel}, {@code watch}, {@code status}, {@code explain}, {@code blobs gc}
 * and the bundled model's {@code models} commands.
 *
 * <p>Configuration (defaults, {@code --config} file or {@code EDITSTREAM_CONFIG}, {@code
 * EDITSTREAM_...} environment variables) is loaded and checked before any subcommand runs; the
 * client commands take their Kafka, registry and blob store defaults from it.
 */
@Command(
    name = "editstream",
    mixinStandardHelpOptions = true,
    version = "editstream 0.1.0",
    description = "Event-driven diffusion image editing on Kafka: single-machine launcher.",
    subcommands = {
      UpCommand.class,
      DemoCommand.class,
      WorkerCommand.class,
      ProcessorsCommand.class,
      SubmitCommand.class,
      EnrichCommand.class,
      CancelCommand.class,
      WatchCommand.class,
      ExplainCommand.class,
      ReplayCommand.class,
      StatusCommand.class,
      BlobsCommand.class,
      ModelsCommand.class
    })
public final class Launcher implements Runnable {

  /** Commands whose standard output is the point: their logging shows warnings only. */
  private static final List<String> QUIET_COMMANDS =
      List.of("submit", "enrich", "watch", "cancel", "demo", "explain", "replay", "status");

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Properties file (default: $EDITSTREAM_CONFIG, else ./editstream.properties if present).")
  Path configFile;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /**
   * Runs the launcher.
   *
   * @param args command line
   */
  public static void main(String[] args) {
    if (args.length > 0
        && QUIET_COMMANDS.contains(args[0])
        && System.getProperty("editstream.log.level") == null) {
      System.setProperty("editstream.log.level", "WARN");
    }
    System.exit(run(args, System.getenv()));
  }

  /**
   * Runs the launcher without exiting the JVM.
   *
   * @param args command line
   * @param environment environment variables
   * @return the exit code
   */
  public static int run(String[] args, Map<String, String> environment) {
    EditStreamConfig config;
    try {
      config = loadConfig(args, environment);
    } catch (InvalidConfigurationException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    CommandLine commandLine = new CommandLine(new Launcher(), new ConfigFactory(config));
    commandLine.setDefaultValueProvider(new ConfigDefaults(config));
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    return commandLine.execute(args);
  }

  /** The configuration file is needed before parsing (it supplies defaults), so find it first. */
  private static EditStreamConfig loadConfig(String[] args, Map<String, String> environment) {
    Optional<Path> file = Optional.empty();
    List<String> list = Arrays.asList(args);
    for (int i = 0; i < list.size(); i++) {
      String arg = list.get(i);
      if (arg.equals("--config") && i + 1 < list.size()) {
        file = Optional.of(Path.of(list.get(i + 1)));
      } else if (arg.startsWith("--config=")) {
        file = Optional.of(Path.of(arg.substring("--config=".length())));
      }
    }
    if (file.isEmpty()) {
      file = EditStreamConfig.defaultFile(environment);
    }
    return EditStreamConfig.load(file.orElse(null), environment, Map.of());
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Gives the launcher's own commands the loaded configuration. */
  private record ConfigFactory(EditStreamConfig config) implements CommandLine.IFactory {

    @Override
    public <K> K create(Class<K> type) throws Exception {
      if (type == UpCommand.class) {
        return type.cast(new UpCommand(config));
      }
      if (type == DemoCommand.class) {
        return type.cast(new DemoCommand(config));
      }
      if (type == WorkerCommand.class) {
        return type.cast(new WorkerCommand(config));
      }
      if (type == ProcessorsCommand.class) {
        return type.cast(new ProcessorsCommand(config));
      }
      if (type == BlobGcCommand.class) {
        return type.cast(new BlobGcCommand(config));
      }
      if (type == StatusCommand.class) {
        return type.cast(new StatusCommand(config));
      }
      if (type == ConnectionOptions.class && config.s3Blobs()) {
        // The client commands' blob store is the deployment's S3 store, not --blob-root's files.
        return type.cast(new ConnectionOptions(() -> BlobStores.open(config)));
      }
      return CommandLine.defaultFactory().create(type);
    }
  }
}
