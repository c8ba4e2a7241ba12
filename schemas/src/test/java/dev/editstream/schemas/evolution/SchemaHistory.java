package dev.editstream.schemas.evolution;

import dev.editstream.schemas.avro.AuditEvent;
import dev.editstream.schemas.avro.BlobRef;
import dev.editstream.schemas.avro.CancelRequest;
import dev.editstream.schemas.avro.CaptionJob;
import dev.editstream.schemas.avro.CaptionRecord;
import dev.editstream.schemas.avro.EditJob;
import dev.editstream.schemas.avro.EditMetrics;
import dev.editstream.schemas.avro.EditPlan;
import dev.editstream.schemas.avro.EditProgress;
import dev.editstream.schemas.avro.EditRequest;
import dev.editstream.schemas.avro.EditResult;
import dev.editstream.schemas.avro.InversionJob;
import dev.editstream.schemas.avro.InversionRecord;
import dev.editstream.schemas.avro.ParkedRequests;
import dev.editstream.schemas.avro.RequestState;
import dev.editstream.schemas.avro.Resolution;
import dev.editstream.schemas.avro.ResolutionRequest;
import dev.editstream.schemas.avro.WorkerOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * The released versions of every contract schema, kept as self-contained schema files in {@code
 * src/main/avro-history/<Name>/v<N>.avsc} (named types inlined, as a registry stores them).
 */
public final class SchemaHistory {

  /** Every record of the data flow that travels on a topic or inside one. */
  public static final List<Class<? extends SpecificRecord>> CONTRACT =
      List.of(
          EditRequest.class,
          CancelRequest.class,
          CaptionRecord.class,
          CaptionJob.class,
          InversionJob.class,
          InversionRecord.class,
          ResolutionRequest.class,
          Resolution.class,
          ParkedRequests.class,
          EditJob.class,
          EditPlan.class,
          WorkerOutcome.class,
          RequestState.class,
          EditProgress.class,
          EditResult.class,
          EditMetrics.class,
          AuditEvent.class,
          BlobRef.class);

  private static final Pattern VERSION = Pattern.compile("v(\\d+)\\.avsc");

  private final Path root;

  /** The history under a directory (normally {@code src/main/avro-history}). */
  public SchemaHistory(Path root) {
    this.root = root;
  }

  /** The history of this module, resolved from the working directory Maven runs tests in. */
  public static SchemaHistory ofModule() {
    Path inModule = Path.of("src", "main", "avro-history");
    return new SchemaHistory(
        Files.isDirectory(inModule) ? inModule : Path.of("schemas").resolve(inModule));
  }

  /** The current (generated) schema of a contract class. */
  public static Schema current(Class<? extends SpecificRecord> type) {
    return SpecificData.get().getSchema(type);
  }

  /** Names with a history folder. */
  public List<String> names() {
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Released versions of a schema, oldest first; each file must be v1..vN without gaps. */
  public List<Schema> released(String name) {
    List<Schema> versions = new ArrayList<>();
    for (int n = 1; ; n++) {
      Path file = root.resolve(name).resolve("v" + n + ".avsc");
      if (!Files.exists(file)) {
        break;
      }
      versions.add(parse(file));
    }
    return versions;
  }

  /** Number of version files, counted by name (to detect gaps against {@link #released}). */
  public int fileCount(String name) {
    try (Stream<Path> files = Files.list(root.resolve(name))) {
      return (int) files.filter(f -> VERSION.matcher(f.getFileName().toString()).matches()).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Whether release {@code n} of a schema was a declared readers-first change (a file {@code
   * v<n>.readers-first} next to it says why): readers were deployed before writers, so FORWARD was
   * deliberately not required against release {@code n-1}.
   */
  public boolean readersFirst(String name, int n) {
    return Files.exists(root.resolve(name).resolve("v" + n + ".readers-first"));
  }

  /** Writes the current schema as the next version if it differs from the latest release. */
  public Path releaseIfChanged(Class<? extends SpecificRecord> type) {
    String name = type.getSimpleName();
    List<Schema> released = released(name);
    Schema current = current(type);
    if (!released.isEmpty() && released.get(released.size() - 1).equals(current)) {
      return null;
    }
    Path file = root.resolve(name).resolve("v" + (released.size() + 1) + ".avsc");
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, current.toString(true) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  static int versionOf(Path file) {
    Matcher m = VERSION.matcher(file.getFileName().toString());
    return m.matches() ? Integer.parseInt(m.group(1)) : -1;
  }

  private static Schema parse(Path file) {
    try {
      return new Schema.Parser().parse(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
