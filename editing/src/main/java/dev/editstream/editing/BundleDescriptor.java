package dev.editstream.editing;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What a model bundle says about itself, read without TensorFlow: its manifest, tokenizer and tuned
 * editing defaults. Stream processors judge and plan requests with it; workers plan with the same.
 * Immutable.
 *
 * @param directory the bundle directory
 * @param manifest its {@code bundle.json}
 * @param tokenizer the tokenizer the manifest describes
 * @param defaults its {@code editing.json}
 */
public record BundleDescriptor(
    Path directory, BundleManifest manifest, Tokenizer tokenizer, EditingDefaults defaults) {

  /** Checks every part is present. */
  public BundleDescriptor {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(manifest, "manifest");
    Objects.requireNonNull(tokenizer, "tokenizer");
    Objects.requireNonNull(defaults, "defaults");
  }

  /**
   * Reads a bundle directory's {@code bundle.json} and {@code editing.json}.
   *
   * @throws BundleException naming the missing file or every problem of a malformed one
   */
  public static BundleDescriptor load(Path directory) {
    BundleManifest manifest = BundleManifest.read(directory);
    Tokenizer tokenizer = manifest.newTokenizer();
    return new BundleDescriptor(
        directory, manifest, tokenizer, EditingDefaults.read(directory, tokenizer));
  }

  /** {@code name:version}, as results and metrics name a bundle. */
  public String bundleId() {
    return manifest.name() + ":" + manifest.version();
  }

  /** SHA-256 of the bundle's variables. */
  public String sha256() {
    return manifest.variablesSha256();
  }

  /** Where the plan's defaults come from, for the plan and the audit trail. */
  String provenance() {
    return bundleId() + " editing defaults measured in " + defaults.report();
  }
}
