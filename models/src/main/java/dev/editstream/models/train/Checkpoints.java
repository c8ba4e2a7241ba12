package dev.editstream.models.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.train.Restore;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TType;

/**
 * Checkpoint files of a training directory: {@code ckpt-<step>.*} written by {@code Session.save}
 * (every variable: weights, Adam slots, EMA), the newest two kept; and restoring a subset of a
 * checkpoint's tensors into differently named variables of another graph (the text encoder into the
 * UNet's graph, EMA weights into the export graph).
 */
final class Checkpoints {
  private Checkpoints() {}

  static String prefix(Path dir, long step) {
    return dir.resolve("ckpt-" + step).toString();
  }

  /** Saves every variable of the session's graph under {@code ckpt-<step>}. */
  static String save(Session session, Path dir, long step) {
    String prefix = prefix(dir, step);
    session.save(prefix);
    return prefix;
  }

  /** Deletes checkpoint files of steps other than the newest {@code keep} and {@code keepAlso}. */
  static void prune(Path dir, int keep, String keepAlso) throws IOException {
    List<Long> steps = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.startsWith("ckpt-"))
          .map(n -> n.substring(5, n.indexOf('.') < 0 ? n.length() : n.indexOf('.')))
          .distinct()
          .forEach(
              s -> {
                try {
                  steps.add(Long.parseLong(s));
                } catch (NumberFormatException ignored) {
                  // not ours
                }
              });
    }
    Collections.sort(steps);
    for (int i = 0; i < steps.size() - keep; i++) {
      String name = "ckpt-" + steps.get(i);
      if (keepAlso != null && keepAlso.endsWith(name)) {
        continue;
      }
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f :
            files.filter(f -> f.getFileName().toString().startsWith(name + ".")).toList()) {
          Files.deleteIfExists(f);
        }
      }
    }
  }

  /**
   * Adds ops that read tensors from a checkpoint (its prefix fed to the returned placeholder) and
   * assign them to variables: {@code mapping} is checkpoint tensor name -> target variable.
   */
  static Subset subset(Ops tf, String name, Map<String, Variable<TFloat32>> mapping) {
    Placeholder<TString> prefix =
        tf.withName(name + "_prefix").placeholder(TString.class, Placeholder.shape(Shape.scalar()));
    String[] names = mapping.keySet().toArray(new String[0]);
    String[] slices = new String[names.length];
    java.util.Arrays.fill(slices, "");
    List<Class<? extends TType>> types = new ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      types.add(TFloat32.class);
    }
    Restore r =
        tf.withName(name + "_restore")
            .train
            .restore(
                prefix,
                tf.constant(StandardCharsets.UTF_8, names),
                tf.constant(StandardCharsets.UTF_8, slices),
                types);
    List<Op> assigns = new ArrayList<>();
    int i = 0;
    for (Variable<TFloat32> v : mapping.values()) {
      @SuppressWarnings("unchecked")
      Operand<TFloat32> value = (Operand<TFloat32>) r.tensors().get(i++);
      assigns.add(tf.assign(v, value));
    }
    return new Subset(prefix, tf.withName(name).withControlDependencies(assigns).noOp());
  }

  /** A partial restore: feed the checkpoint prefix, run the op. */
  record Subset(Placeholder<TString> prefix, Op op) {
    void run(Session s, String checkpointPrefix) {
      try (TString p = TString.scalarOf(checkpointPrefix)) {
        s.runner().feed(prefix, p).addTarget(op).run();
      }
    }
  }
}
