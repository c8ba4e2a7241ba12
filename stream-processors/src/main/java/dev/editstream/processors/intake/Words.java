package dev.editstream.processors.intake;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Whether a word or phrase occurs in a prompt, word by word and ignoring case. */
final class Words {

  private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}]+");

  private Words() {}

  /**
   * Returns true when the phrase's words occur, consecutively, among the text's words.
   *
   * @param text a caption or prompt, or null
   * @param phrase one word or several
   */
  static boolean contains(String text, String phrase) {
    if (text == null || phrase == null) {
      return false;
    }
    List<String> words = split(phrase);
    return !words.isEmpty() && Collections.indexOfSubList(split(text), words) >= 0;
  }

  private static List<String> split(String text) {
    return Arrays.stream(SEPARATORS.split(text.toLowerCase(Locale.ROOT)))
        .filter(w -> !w.isEmpty())
        .toList();
  }
}
