package dev.editstream.processors.resolution;

import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * A read-only view of the resolution stages' tables, kept by this process: dispatch looks a key up
 * here first and, when the view already holds a usable record, attaches it at once instead of
 * asking the stage, which saves the round trip through the stage's topics (two exactly-once hops).
 *
 * <p>A view is a hint and may lag its table: a key it does not hold yet goes to the stage as usual,
 * which decides exactly (hit, miss, park). A record it does hold was committed to the table, and a
 * key's record never changes (the key addresses its content), so a hit from the view attaches the
 * record the stage would have attached.
 */
public interface TableView {

  /**
   * The key's usable record, if this view holds it.
   *
   * @param stage whose table
   * @param key the resolution key
   * @param <R> the table's value type
   * @return the record, or empty (unknown here, failed, or the view is not readable yet)
   */
  <R extends SpecificRecord> Optional<R> usable(ResolutionStage<R> stage, String key);

  /** A view that holds nothing: every ask goes to its stage (tests, and a process without one). */
  static TableView none() {
    return new TableView() {
      @Override
      public <R extends SpecificRecord> Optional<R> usable(ResolutionStage<R> stage, String key) {
        return Optional.empty();
      }
    };
  }
}
