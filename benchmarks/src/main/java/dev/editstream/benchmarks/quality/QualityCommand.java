package dev.editstream.benchmarks.quality;

import dev.editstream.models.BundleOptions;
import dev.editstream.workers.engine.EditEngine;
import dev.editstream.workers.engine.control.InjectionSchedule;
import dev.editstream.workers.engine.control.LocalBlend;
import dev.editstream.workers.engine.inversion.NullTextSettings;
import dev.editstream.workers.engine.schedule.Guidance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code quality}: runs the ShapesEdit benchmark and writes the report and the image grid. */
@Command(
    name = "quality",
    mixinStandardHelpOptions = true,
    description = "Run every editing method on ShapesEdit cases; write docs/quality.md and a grid.")
public final class QualityCommand implements Callable<Integer> {
  @Option(names = "--bundle", required = true, description = "model bundle directory")
  Path bundle;

  @Option(
      names = "--cases",
      defaultValue = "200",
      description = "number of cases (default ${DEFAULT-VALUE})")
  int cases;

  @Option(
      names = "--steps",
      defaultValue = "50",
      description = "DDIM steps (default ${DEFAULT-VALUE})")
  int steps;

  @Option(
      names = "--guidance",
      defaultValue = "7.5",
      description = "guidance scale (default ${DEFAULT-VALUE})")
  double guidance;

  @Option(
      names = "--sdedit-strength",
      defaultValue = "0.6",
      description = "SDEdit strength (default ${DEFAULT-VALUE})")
  double sdeditStrength;

  @Option(
      names = "--null-text-steps",
      defaultValue = "10",
      description = "Adam steps per DDIM step (default ${DEFAULT-VALUE})")
  int nullTextSteps;

  @Option(
      names = "--cross",
      defaultValue = "0.2",
      description =
          "fraction of steps with cross-attention injection in appearance edits (default"
              + " ${DEFAULT-VALUE}; prompt-to-prompt's is 0.8)")
  double cross;

  @Option(
      names = "--self",
      defaultValue = "0.6",
      description =
          "fraction of steps with self-attention injection in appearance edits (default"
              + " ${DEFAULT-VALUE}; prompt-to-prompt's is 0.4; injected to the end, the source's"
              + " self-attention ties an object to another of its colour, which then keeps it)")
  double self;

  @Option(
      names = "--blend-threshold",
      defaultValue = "0.5",
      description =
          "local-blend threshold in appearance edits, whose region is outlined by the source"
              + " word alone (default ${DEFAULT-VALUE}; shape swaps use prompt-to-prompt's 0.3 on"
              + " the source and target words)")
  double blendThreshold;

  @Option(
      names = "--structure-cross",
      defaultValue = "0.8",
      description = "cross-attention fraction in shape swaps (default ${DEFAULT-VALUE})")
  double structureCross;

  @Option(
      names = "--structure-self",
      defaultValue = "0.4",
      description = "self-attention fraction in shape swaps (default ${DEFAULT-VALUE})")
  double structureSelf;

  @Option(
      names = "--seed",
      defaultValue = "4242",
      description = "case seed (default ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--grid-rows",
      defaultValue = "8",
      description = "cases in the grid (default ${DEFAULT-VALUE})")
  int gridRows;

  @Option(
      names = "--ipc-scenes",
      defaultValue = "200",
      description = "held-out scenes for SD-IPC captions (default ${DEFAULT-VALUE})")
  int ipcScenes;

  @Option(
      names = "--label",
      defaultValue = "",
      description = "a note printed at the top, e.g. PROVISIONAL")
  String label;

  @Option(
      names = "--journal",
      defaultValue = ".editstream/quality-journal",
      description =
          "directory of finished cases; a run stopped part-way resumes from it (default"
              + " ${DEFAULT-VALUE})")
  Path journal;

  @Option(
      names = "--report",
      defaultValue = "docs/quality.md",
      description = "report file (default ${DEFAULT-VALUE})")
  Path report;

  @Option(
      names = "--grid",
      defaultValue = "docs/img/quality-grid.png",
      description = "grid image (default ${DEFAULT-VALUE})")
  Path grid;

  /** Runs the command line. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new QualityCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    try (EditEngine engine = EditEngine.open(bundle, BundleOptions.defaults())) {
      var settings =
          new QualityBenchmark.Settings(
              steps,
              new Guidance(guidance),
              sdeditStrength,
              NullTextSettings.paper().withInnerSteps(nullTextSteps),
              seed,
              gridRows,
              ipcScenes,
              new InjectionSchedule(cross, self, 0),
              new InjectionSchedule(structureCross, structureSelf, 0),
              LocalBlend.defaults()
                  .withThreshold(blendThreshold)
                  .withFootprint(LocalBlend.Footprint.SOURCE));
      List<EditCase> all = ShapesEdit.cases(seed, cases);
      QualityBenchmark.Outcome outcome =
          new QualityBenchmark(engine.model(), settings).run(all, journal);
      ImageGrid.write(outcome.grid(), grid);
      var m = engine.model().manifest();
      String header =
          "# Editing quality on ShapesEdit\n\n"
              + (label.isBlank() ? "" : "**" + label + "**\n\n")
              + String.format(
                  java.util.Locale.ROOT,
                  "Bundle `%s` %s (variables sha256 `%s`), %d cases (seed %d), %d DDIM steps (%s),"
                      + " guidance %.1f, SDEdit strength %.2f, null-text: %s, prompt-to-prompt"
                      + " injection (share of steps): cross %.2f and self %.2f in appearance edits,"
                      + " %.2f and %.2f in shape swaps; local blend in appearance edits on the"
                      + " source word's map at threshold %.2f, in two-object scenes narrowed to"
                      + " where the words naming the edited object out-attend the other's; in"
                      + " shape swaps prompt-to-prompt's."
                      + " Generated %s; the cases took %.0f s on %d cores.%n%n"
                      + "Regenerate with:%n%n```%nbenchmarks/bin/quality --bundle %s"
                      + " --cases %d --steps %d%n```%n",
                  m.name(),
                  m.version(),
                  m.variablesSha256(),
                  cases,
                  seed,
                  steps,
                  engine.model().scheduleConfig().canonical(),
                  guidance,
                  sdeditStrength,
                  settings.nullText().canonical(),
                  cross,
                  self,
                  structureCross,
                  structureSelf,
                  blendThreshold,
                  Instant.now().toString().substring(0, 10),
                  outcome.caseSeconds(),
                  Runtime.getRuntime().availableProcessors(),
                  bundle,
                  cases,
                  steps);
      Path gridRel = report.toAbsolutePath().getParent().relativize(grid.toAbsolutePath());
      Files.createDirectories(report.toAbsolutePath().getParent());
      Files.writeString(report, QualityReport.render(header, outcome, gridRel.toString()));
      System.out.println("wrote " + report + " and " + grid);
    }
    return 0;
  }
}
