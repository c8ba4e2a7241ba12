package dev.editstream.editing;

import dev.editstream.schemas.EditException;
import dev.editstream.schemas.ReasonCode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Word-level tokenizer: ids 0, 1, 2 are PAD, SOS (start) and EOS (end), then the vocabulary's
 * words. A prompt encodes to SOS, its words, EOS, then PAD up to the context length; the empty
 * prompt is SOS EOS PAD... Immutable and thread-safe.
 */
public final class Tokenizer {
  /** Padding token id. */
  public static final int PAD = 0;

  /** Start token id. */
  public static final int SOS = 1;

  /** End token id. */
  public static final int EOS = 2;

  /** The special tokens' spellings, by id. */
  public static final List<String> SPECIAL = List.of("<pad>", "<sos>", "<eos>");

  private final List<String> tokens;
  private final Map<String, Integer> ids = new HashMap<>();
  private final int contextLength;

  private Tokenizer(List<String> tokens, int contextLength) {
    this.tokens = List.copyOf(tokens);
    this.contextLength = contextLength;
    for (int i = 0; i < this.tokens.size(); i++) {
      if (ids.put(this.tokens.get(i), i) != null) {
        throw new IllegalArgumentException("duplicate token '" + this.tokens.get(i) + "'");
      }
    }
  }

  /** A tokenizer over {@code words} (without the special tokens) with a context length. */
  public static Tokenizer of(List<String> words, int contextLength) {
    if (contextLength < 2) {
      throw new IllegalArgumentException("context length must be >= 2, got " + contextLength);
    }
    List<String> all = new ArrayList<>(SPECIAL);
    all.addAll(words);
    return new Tokenizer(all, contextLength);
  }

  /** Every token by id, the special tokens first. */
  public List<String> tokens() {
    return tokens;
  }

  /** The vocabulary size, special tokens included. */
  public int size() {
    return tokens.size();
  }

  /** The context length every encoding is padded to. */
  public int contextLength() {
    return contextLength;
  }

  /**
   * The token ids of a prompt (case-insensitive, whitespace-separated words).
   *
   * @throws EditException {@link ReasonCode#PROMPT_TOO_MANY_TOKENS} when the prompt has more words
   *     than the context takes, {@link ReasonCode#WORD_HAS_PUNCTUATION} for a word with punctuation
   *     attached, {@link ReasonCode#WORD_NOT_IN_VOCABULARY} naming an unknown word
   */
  public int[] encode(String prompt) {
    String[] words = words(prompt);
    if (words.length + 2 > contextLength) {
      throw new EditException(
          ReasonCode.PROMPT_TOO_MANY_TOKENS,
          "'"
              + prompt
              + "' has "
              + words.length
              + " words; at most "
              + (contextLength - 2)
              + " fit the context");
    }
    int[] out = new int[contextLength];
    out[0] = SOS;
    for (int i = 0; i < words.length; i++) {
      out[i + 1] = id(words[i], prompt);
    }
    out[words.length + 1] = EOS;
    return out;
  }

  /** The words of a prompt as the tokenizer splits it: on whitespace, after trimming. */
  public static String[] words(String prompt) {
    String trimmed = prompt.trim();
    return trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
  }

  /** Whether the word (any case) is in the vocabulary, special tokens excluded. */
  public boolean knows(String word) {
    Integer id = ids.get(word.toLowerCase(Locale.ROOT));
    return id != null && id >= SPECIAL.size();
  }

  private int id(String word, String prompt) {
    Integer id = ids.get(word.toLowerCase(Locale.ROOT));
    if (id != null && id >= SPECIAL.size()) {
      return id;
    }
    String bare = word.replaceAll("^\\p{Punct}+|\\p{Punct}+$", "");
    if (!bare.isEmpty() && !bare.equals(word) && knows(bare)) {
      throw new EditException(
          ReasonCode.WORD_HAS_PUNCTUATION,
          "'"
              + word
              + "' in '"
              + prompt
              + "': the tokenizer splits on spaces only; write '"
              + bare
              + "' without punctuation");
    }
    throw new EditException(
        ReasonCode.WORD_NOT_IN_VOCABULARY,
        "unknown word '" + word + "' in '" + prompt + "'; the bundle knows " + vocabularyWords());
  }

  /** The vocabulary's words, special tokens excluded, in id order. */
  public List<String> vocabularyWords() {
    return tokens.subList(SPECIAL.size(), tokens.size());
  }

  /** The words of an encoding, special tokens dropped, joined by single spaces. */
  public String decode(int[] ids) {
    List<String> words = new ArrayList<>();
    for (int id : ids) {
      if (id == EOS) {
        break;
      }
      if (id >= SPECIAL.size()) {
        words.add(tokens.get(id));
      }
    }
    return String.join(" ", words);
  }

  /** The position of the EOS token in an encoding (the pooled position), or -1. */
  public static int eosPosition(int[] ids) {
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] == EOS) {
        return i;
      }
    }
    return -1;
  }
}
