package dev.editstream.benchmarks.quality;

import dev.editstream.editing.BundleDescriptor;
import dev.editstream.editing.EditPlanner;
import dev.editstream.editing.EditingDefaults;
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
import java.util.Locale;
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

  @Option(names = "--steps", description = "DDIM steps (default: the bundle's editing.json)")
  Integer steps;

  @Option(names = "--guidance", description = "guidance scale (default: the bundle's editing.json)")
  Double guidance;

  @Option(
      names = "--sdedit-strength",
      description = "SDEdit strength (default: the bundle's editing.json)")
  Double sdeditStrength;

  @Option(
      names = "--null-text-steps",
      description = "Adam steps per DDIM step (default: the bundle's editing.json)")
  Integer nullTextSteps;

  @Option(
      names = "--cross",
      description =
          "baseline rows: fraction of steps with cross-attention injection in appearance edits (default: the bundle's editing.json; prompt-to-prompt's is 0.8)")
  Double cross;

  @Option(
      names = "--self",
      description =
          "baseline rows: fraction of steps with self-attention injection in appearance edits (default: the bundle's editing.json; prompt-to-prompt's is 0.4)")
  Double self;

  @Option(
      names = "--blend-threshold",
      description =
          "baseline rows: local-blend threshold in appearance edits (default: the bundle's editing.json)")
  Double blendThreshold;

  @Option(
      names = "--structure-cross",
      description =
          "baseline rows: cross-attention fraction in shape swaps (default: the bundle's editing.json)")
  Double structureCross;

  @Option(
      names = "--structure-self",
      description =
          "baseline rows: self-attention fraction in shape swaps (default: the bundle's editing.json)")
  Double structureSelf;

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
    BundleDescriptor descriptor = BundleDescriptor.load(bundle);
    EditingDefaults d = descriptor.defaults();
    int n = or(steps, d.steps());
    double w = or(guidance, d.guidance());
    EditingDefaults.Injection app = d.appearance();
    EditingDefaults.Injection str = d.structure();
    var settings =
        new QualityBenchmark.Settings(
            n,
            new Guidance(w),
            or(sdeditStrength, d.sdeditStrength()),
            NullTextSettings.paper()
                .withInnerSteps(or(nullTextSteps, d.inversion().nullTextInnerSteps())),
            seed,
            gridRows,
            ipcScenes,
            new InjectionSchedule(
                or(cross, app.crossFraction()),
                or(self, app.selfFraction()),
                app.unconditionalSelfFraction()),
            new InjectionSchedule(
                or(structureCross, str.crossFraction()),
                or(structureSelf, str.selfFraction()),
                str.unconditionalSelfFraction()),
            LocalBlend.defaults()
                .withThreshold(or(blendThreshold, app.blend().threshold()))
                .withFootprint(LocalBlend.Footprint.valueOf(app.blend().footprint().name())));
    try (EditEngine engine = EditEngine.open(bundle, BundleOptions.defaults())) {
      List<EditCase> all = ShapesEdit.cases(seed, cases);
      QualityBenchmark.Outcome outcome =
          new QualityBenchmark(engine, new EditPlanner(descriptor), settings).run(all, journal);
      ImageGrid.write(outcome.grid(), grid);
      Path gridRel = report.toAbsolutePath().getParent().relativize(grid.toAbsolutePath());
      Files.createDirectories(report.toAbsolutePath().getParent());
      String header = header(engine, settings, outcome);
      Files.writeString(report, QualityReport.render(header, outcome, gridRel.toString()));
      System.out.println("wrote " + report + " and " + grid);
      QualityThresholds.Verdict verdict = QualityThresholds.check(outcome);
      System.out.println(verdict.summary());
      return verdict.met() ? 0 : 1;
    }
  }

  private String header(
      EditEngine engine, QualityBenchmark.Settings s, QualityBenchmark.Outcome outcome) {
    var m = engine.model().manifest();
    String overrides = overrides();
    return "# Editing quality on ShapesEdit\n\n"
        + (label.isBlank() ? "" : "**" + label + "**\n\n")
        + String.format(
            Locale.ROOT,
            "Bundle `%s` %s (variables sha256 `%s`), %d cases (seed %d), %d DDIM steps (%s),"
                + " guidance %.1f. The last row, the planner's, sends each case as an ordinary"
                + " request (the source as an 8-bit PNG, its caption, the target prompt and the"
                + " kind of edit; a masked case's mask image) and runs the plan the pipeline"
                + " makes from the bundle's `editing.json`: what a user gets, byte for byte"
                + " (`benchmarks/bin/parity` checks that against a running stack). The other rows"
                + " are baselines run directly on the engine from the same 8-bit source, with"
                + " SDEdit strength %.2f, null-text: %s, prompt-to-prompt injection (share of"
                + " steps): cross %.2f and self %.2f in appearance edits, %.2f and %.2f in shape"
                + " swaps; local blend in appearance edits on the source word's map at threshold"
                + " %.2f, in two-object scenes narrowed to where the words naming the edited"
                + " object out-attend the other's; in shape swaps prompt-to-prompt's."
                + " Generated %s; the cases took %.0f s on %d cores.%n%n"
                + "Regenerate with:%n%n```%nbenchmarks/bin/quality --bundle %s --cases %d%s%n```%n",
            m.name(),
            m.version(),
            m.variablesSha256(),
            cases,
            seed,
            s.steps(),
            engine.model().scheduleConfig().canonical(),
            s.guidance().scale(),
            s.sdeditStrength(),
            s.nullText().canonical(),
            s.appearanceInjection().cross(),
            s.appearanceInjection().self(),
            s.structureInjection().cross(),
            s.structureInjection().self(),
            s.appearanceBlend().threshold(),
            Instant.now().toString().substring(0, 10),
            outcome.caseSeconds(),
            Runtime.getRuntime().availableProcessors(),
            bundle,
            cases,
            overrides);
  }

  /** The options given that override the bundle's defaults, as typed. */
  private String overrides() {
    StringBuilder b = new StringBuilder();
    append(b, "--steps", steps);
    append(b, "--guidance", guidance);
    append(b, "--sdedit-strength", sdeditStrength);
    append(b, "--null-text-steps", nullTextSteps);
    append(b, "--cross", cross);
    append(b, "--self", self);
    append(b, "--blend-threshold", blendThreshold);
    append(b, "--structure-cross", structureCross);
    append(b, "--structure-self", structureSelf);
    return b.toString();
  }

  private static void append(StringBuilder b, String option, Number value) {
    if (value != null) {
      b.append(' ').append(option).append(' ').append(value);
    }
  }

  private static <T> T or(T given, T fallback) {
    return given != null ? given : fallback;
  }
}
