package dev.editstream.editing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The object phrases of a caption, by the bundle's scene grammar: "a small red circle and a large
 * blue square on a white background" has the phrases [0, 4) and [5, 9) (word positions); the
 * background follows. Package-private: the planner's way of telling objects apart.
 */
final class CaptionObjects {
  private final String[] words;
  private final List<int[]> phrases;

  private CaptionObjects(String[] words, List<int[]> phrases) {
    this.words = words;
    this.phrases = phrases;
  }

  static CaptionObjects of(String caption, EditingDefaults.Scene scene) {
    String[] words = Tokenizer.words(caption);
    List<int[]> phrases = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= words.length; i++) {
      boolean end = i == words.length || words[i].equalsIgnoreCase(scene.objectsEndAt());
      if (end || words[i].equalsIgnoreCase(scene.objectSeparator())) {
        if (i > start) {
          phrases.add(new int[] {start, i});
        }
        start = i + 1;
        if (end) {
          break;
        }
      }
    }
    return new CaptionObjects(words, phrases);
  }

  int count() {
    return phrases.size();
  }

  /** The phrase holding word position {@code at}, if it is in one. */
  Optional<Integer> phraseAt(int at) {
    for (int p = 0; p < phrases.size(); p++) {
      if (at >= phrases.get(p)[0] && at < phrases.get(p)[1]) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** The phrase's word of a class, or null when it has none. */
  String wordOf(int phrase, List<String> classWords) {
    int[] span = phrases.get(phrase);
    for (int i = span[0]; i < span[1]; i++) {
      for (String w : classWords) {
        if (w.equalsIgnoreCase(words[i])) {
          return words[i].toLowerCase(java.util.Locale.ROOT);
        }
      }
    }
    return null;
  }
}
