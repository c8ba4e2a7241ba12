package dev.editstream.editing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Which words an edit changes. With equal word counts: the positions where the target's word
 * differs from the caption's (case-insensitive); otherwise the target's words the caption lacks (no
 * positions, since the prompts do not line up word for word).
 *
 * @param positions word positions of the changes (equal word counts only)
 * @param sourceWords the caption's words at those positions
 * @param words the target's changed words
 * @param sameLength whether the prompts have equal word counts
 */
record Change(
    List<Integer> positions, List<String> sourceWords, List<String> words, boolean sameLength) {

  static Change of(String caption, String target) {
    String[] s = lower(Tokenizer.words(caption));
    String[] t = lower(Tokenizer.words(target));
    List<Integer> at = new ArrayList<>();
    List<String> from = new ArrayList<>();
    List<String> to = new ArrayList<>();
    if (s.length == t.length) {
      for (int i = 0; i < s.length; i++) {
        if (!s[i].equals(t[i])) {
          at.add(i);
          from.add(s[i]);
          to.add(t[i]);
        }
      }
      return new Change(at, from, to, true);
    }
    List<String> remaining = new ArrayList<>(Arrays.asList(s));
    for (String w : t) {
      if (!remaining.remove(w)) {
        to.add(w);
      }
    }
    return new Change(at, remaining, to, false);
  }

  private static String[] lower(String[] words) {
    return Arrays.stream(words).map(w -> w.toLowerCase(Locale.ROOT)).toArray(String[]::new);
  }
}
