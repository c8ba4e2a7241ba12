package dev.editstream.schemas.evolution;

import java.nio.file.Path;

/**
 * Records a release: writes every contract schema that changed since its latest released version as
 * the next {@code v<N>.avsc} of its history. Run from the repository root:
 *
 * <pre>
 * mvn -B -q -pl schemas -am test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.editstream.schemas.evolution.ReleaseSchemas
 * </pre>
 */
public final class ReleaseSchemas {

  private ReleaseSchemas() {}

  /** Entry point; an optional argument names the history directory. */
  public static void main(String[] args) {
    SchemaHistory history =
        args.length > 0 ? new SchemaHistory(Path.of(args[0])) : SchemaHistory.ofModule();
    for (var type : SchemaHistory.CONTRACT) {
      Path written = history.releaseIfChanged(type);
      System.out.println(
          type.getSimpleName() + ": " + (written == null ? "unchanged" : "released " + written));
    }
  }
}
