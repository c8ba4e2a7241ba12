package dev.editstream.deploy.cli;

import dev.editstream.deploy.config.EditStreamConfig;
import dev.editstream.producers.cli.ConnectionOptions;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Supplies the client commands' connection defaults ({@code --bootstrap-servers}, {@code
 * --registry-url}, {@code --blob-root}) from the launcher's configuration, so {@code submit} and
 * {@code watch} reach the stack {@code up} started with the same configuration.
 */
public final class ConfigDefaults implements IDefaultValueProvider {

  private final EditStreamConfig config;

  /**
   * Creates the provider.
   *
   * @param config the loaded configuration
   */
  public ConfigDefaults(EditStreamConfig config) {
    this.config = config;
  }

  @Override
  public String defaultValue(ArgSpec argSpec) {
    if (!(argSpec instanceof OptionSpec option)) {
      return null;
    }
    return switch (option.longestName()) {
      case ConnectionOptions.BOOTSTRAP_SERVERS -> config.bootstrapServers();
      case ConnectionOptions.REGISTRY_URL -> config.registryUrl();
      case ConnectionOptions.BLOB_ROOT -> config.blobRoot().toString();
      default -> null;
    };
  }
}
