package dev.editstream.models.train;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tensorflow.Session;

/**
 * The resumable loop every phase shares: resume from {@code state.json} or start fresh, step,
 * append the loss to {@code loss.csv}, print progress (loss, steps/s, ETA) to the console and
 * {@code train.log}, checkpoint every few minutes and at the end.
 */
final class TrainingLoop {
  /** One training phase as the loop drives it. */
  interface Phase {
    String name();

    Session session();

    /** Runs after the variables are initialised on a fresh start (not on resume). */
    void freshStart();

    /** One optimisation step on batch {@code k}; returns the loss. */
    float step(long k, float learningRate, float beta1Power, float beta2Power, float emaDecay);
  }

  private TrainingLoop() {}

  static TrainState run(TrainConfig cfg, Path dir, Phase phase, PrintStream console)
      throws IOException {
    Files.createDirectories(dir);
    try (PrintStream log =
        new PrintStream(
            Files.newOutputStream(
                dir.resolve("train.log"), StandardOpenOption.CREATE, StandardOpenOption.APPEND),
            true,
            StandardCharsets.UTF_8)) {
      Progress p = new Progress(console, log);
      TrainState state = TrainState.read(dir);
      long step;
      double priorSeconds;
      if (state != null) {
        state.checkCompatible(cfg);
        if (state.finished() && state.step() >= cfg.steps()) {
          // Restore anyway: callers evaluate the finished weights right after this returns.
          phase.session().restore(state.checkpoint());
          p.line(phase.name() + ": already finished at step " + state.step());
          return state;
        }
        phase.session().restore(state.checkpoint());
        step = state.step();
        priorSeconds = state.seconds();
        truncateLosses(dir, step);
        p.line(phase.name() + ": resumed at step " + step + " from " + state.checkpoint());
      } else {
        phase.session().initialize();
        phase.freshStart();
        step = 0;
        priorSeconds = 0;
        p.line(phase.name() + ": fresh start, seed " + cfg.seed() + ", " + cfg.steps() + " steps");
      }
      long start = System.nanoTime();
      long lastCheckpoint = start;
      long ranThisRun = 0;
      long windowStart = start;
      long windowSteps = 0;
      double windowLoss = 0;
      try (BufferedWriter losses =
          Files.newBufferedWriter(
              dir.resolve("loss.csv"),
              StandardCharsets.UTF_8,
              StandardOpenOption.CREATE,
              StandardOpenOption.APPEND)) {
        while (step < cfg.steps()
            && (cfg.maxStepsThisRun() == 0 || ranThisRun < cfg.maxStepsThisRun())) {
          float lr = Adam.schedule(cfg.learningRate(), cfg.warmup(), cfg.steps(), step);
          float b1 = (float) Math.pow(Adam.BETA1, step + 1);
          float b2 = (float) Math.pow(Adam.BETA2, step + 1);
          float loss = phase.step(step, lr, b1, b2, Adam.emaDecayAt(step));
          if (!Float.isFinite(loss)) {
            throw new IllegalStateException(
                phase.name() + ": loss is " + loss + " at step " + step);
          }
          step++;
          ranThisRun++;
          windowSteps++;
          windowLoss += loss;
          double seconds = priorSeconds + (System.nanoTime() - start) / 1e9;
          losses.write(String.format(Locale.ROOT, "%d,%.6f,%.3e,%.1f%n", step, loss, lr, seconds));
          if (step % cfg.logEvery() == 0 || step == cfg.steps()) {
            long now = System.nanoTime();
            double rate = windowSteps / ((now - windowStart) / 1e9);
            p.line(
                String.format(
                    Locale.ROOT,
                    "%s step %d/%d loss %.5f lr %.2e %.2f steps/s (%.0f ms/step) elapsed %s ETA %s",
                    phase.name(),
                    step,
                    cfg.steps(),
                    windowLoss / windowSteps,
                    lr,
                    rate,
                    1000 / rate,
                    duration(seconds),
                    duration((cfg.steps() - step) / rate)));
            losses.flush();
            windowStart = now;
            windowSteps = 0;
            windowLoss = 0;
          }
          if ((System.nanoTime() - lastCheckpoint) / 1e9 >= cfg.checkpointSeconds()) {
            losses.flush();
            state = checkpoint(cfg, dir, phase, step, seconds, false, p);
            lastCheckpoint = System.nanoTime();
          }
        }
        losses.flush();
      }
      double seconds = priorSeconds + (System.nanoTime() - start) / 1e9;
      state = checkpoint(cfg, dir, phase, step, seconds, step >= cfg.steps(), p);
      return state;
    }
  }

  private static TrainState checkpoint(
      TrainConfig cfg,
      Path dir,
      TrainingLoop.Phase phase,
      long step,
      double seconds,
      boolean done,
      Progress p)
      throws IOException {
    String prefix = Checkpoints.save(phase.session(), dir, step);
    TrainState s =
        new TrainState(
            phase.name(),
            step,
            prefix,
            seconds,
            cfg.seed(),
            cfg.modelSize(),
            cfg.batch(),
            cfg.steps(),
            done);
    s.write(dir);
    Checkpoints.prune(dir, 2, prefix);
    p.line(phase.name() + ": checkpoint at step " + step + (done ? " (finished)" : ""));
    return s;
  }

  /** Drops loss rows past {@code step}: a killed run may have logged steps it never saved. */
  private static void truncateLosses(Path dir, long step) throws IOException {
    Path f = dir.resolve("loss.csv");
    if (!Files.exists(f)) {
      return;
    }
    List<String> keep = new ArrayList<>();
    for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
      int comma = line.indexOf(',');
      if (comma > 0 && Long.parseLong(line.substring(0, comma)) <= step) {
        keep.add(line);
      }
    }
    Files.write(f, keep, StandardCharsets.UTF_8);
  }

  static String duration(double seconds) {
    if (!Double.isFinite(seconds)) {
      return "?";
    }
    long s = Math.round(seconds);
    return s >= 3600
        ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
        : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
  }

  /** Writes each progress line to the console and the log file. */
  record Progress(PrintStream console, PrintStream log) {
    void line(String s) {
      String stamped = java.time.Instant.now().toString().substring(0, 19) + "Z " + s;
      console.println(stamped);
      log.println(stamped);
    }
  }
}
