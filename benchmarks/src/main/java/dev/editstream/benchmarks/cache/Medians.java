package dev.editstream.benchmarks.cache;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The median the cache benchmark reports everywhere: robust to one slow request. */
final class Medians {

  private Medians() {}

  /** The median (the upper one of an even count); 0 for none. */
  static long of(Stream<Long> values) {
    List<Long> sorted = values.sorted(Comparator.naturalOrder()).toList();
    return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
  }
}
