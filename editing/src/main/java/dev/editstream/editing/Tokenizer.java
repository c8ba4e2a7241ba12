package dev.editstream.editing;

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
   * @throws IllegalArgumentException naming the unknown word, or when the prompt is too long
   */
  public int[] encode(String prompt) {
    String[] words = prompt.trim().isEmpty() ? new String[0] : prompt.trim().split("\\s+");
    if (words.length + 2 > contextLength) {
      throw new IllegalArgumentException(
          "prompt has "
              + words.length
              + " words; at most "
              + (contextLength - 2)
              + " fit the context: "
              + prompt);
    }
    int[] out = new int[contextLength];
    out[0] = SOS;
    for (int i = 0; i < words.length; i++) {
      Integer id = ids.get(words[i].toLowerCase(Locale.ROOT));
      if (id == null || id < SPECIAL.size()) {
        throw new IllegalArgumentException("unknown word '" + words[i] + "' in: " + prompt);
      }
      out[i + 1] = id;
    }
    out[words.length + 1] = EOS;
    return out;
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
