package dev.editstream.producers.cli;

import dev.editstream.producers.SubmitException;
import dev.editstream.producers.enrich.EnrichItem;
import dev.editstream.producers.enrich.EnrichRun;
import dev.editstream.producers.enrich.ManifestException;
import dev.editstream.producers.enrich.Summary;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code editstream enrich}: edits a folder or a manifest of images through the pipeline and writes
 * the results, {@code results.jsonl}, {@code summary.json} and {@code report.html}.
 */
@Command(
    name = "enrich",
    mixinStandardHelpOptions = true,
    description = {
      "Edit every image of a folder or a manifest (.jsonl or .csv) and collect the results.",
      "Manifest rows may carry their own caption, edit, prompt, mask, strength, reweight, seed,"
          + " id, label and expect; the options below apply where a row says nothing. Writes the"
          + " result images, results.jsonl, summary.json and report.html into --out. A re-run"
          + " into the same folder skips the rows already finished (request ids derive from the"
          + " image and the edit).",
      "Exit code: 0 when every row ended as expected (OK unless the row's 'expect' says a"
          + " reason), 1 when one did not, 2 when the input cannot be read, 3 when a result did"
          + " not arrive in time."
    })
public final class EnrichCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Option(
      names = "--input",
      required = true,
      paramLabel = "FOLDER|MANIFEST",
      description = "A folder of PNG/JPEG images, or a manifest.jsonl / manifest.csv.")
  Path input;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
  Path out;

  @Option(
      names = "--caption",
      paramLabel = "TEXT",
      description = "Caption of rows without one (default: none, the pipeline captions them).")
  String caption;

  @Option(
      names = "--edit",
      paramLabel = "KIND",
      defaultValue = "replace",
      description =
          "replace | refine | reweight | sdedit | masked | variation (default: ${DEFAULT-VALUE}).")
  String edit;

  @Option(names = "--prompt", paramLabel = "TEXT", description = "Target prompt of rows without.")
  String prompt;

  @Option(
      names = "--mask",
      paramLabel = "MASK",
      description = "box:X,Y,W,H | polygon:X1,Y1,... | words:WORD,... | image:FILE")
  String mask;

  @Option(
      names = "--strength",
      paramLabel = "F",
      description = "SDEdit noise strength in (0,1] (default: 0.6).")
  Float strength;

  @Option(
      names = "--reweight",
      paramLabel = "WORD=FACTOR",
      description = "Attention factor for a word of the prompt (repeatable).")
  Map<String, Float> reweight;

  @Option(names = "--seed", paramLabel = "N", description = "Seed (default: from the request id).")
  Long seed;

  @Option(
      names = "--bundle",
      paramLabel = "NAME",
      defaultValue = "shapes32",
      description = "Model bundle (default: ${DEFAULT-VALUE}).")
  String bundle;

  @Option(names = "--bundle-version", paramLabel = "V", description = "Bundle version.")
  String bundleVersion;

  @Option(
      names = "--idle-timeout",
      paramLabel = "DURATION",
      defaultValue = "PT10M",
      description =
          "Stop waiting when no result arrived for this long, ISO-8601 (default: ${DEFAULT-VALUE}).")
  Duration idleTimeout;

  @Override
  public Integer call() {
    EnrichItem defaults =
        new EnrichItem(
            0, null, null, null, caption, edit, prompt, mask, strength, reweight, seed, null);
    EnrichRun.Options options =
        new EnrichRun.Options(input, out, defaults, bundle, bundleVersion, idleTimeout);
    PrintStream console = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    try {
      Summary s =
          new EnrichRun(connection.settings(), options, console, System.console() != null).run();
      console.printf(
          "%d rows: %d succeeded, %d rejected, %d other; %d skipped (done before); %d not as"
              + " expected.%n",
          s.rows(),
          s.succeeded(),
          s.rejected(),
          s.rows() - s.succeeded() - s.rejected(),
          s.skipped(),
          s.unexpected());
      console.println("Report: " + out.resolve("report.html").toAbsolutePath().normalize());
      if (s.byReason().containsKey("RESULT_NOT_ARRIVED")) {
        return 3;
      }
      return s.unexpected() == 0 ? 0 : 1;
    } catch (ManifestException e) {
      spec.commandLine().getErr().println("enrich: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      spec.commandLine().getErr().println("enrich cannot write " + out + ": " + e.getMessage());
      return 2;
    } catch (SubmitException e) {
      spec.commandLine().getErr().println("enrich could not submit: " + e.getMessage());
      return 1;
    }
  }
}
