package dev.editstream.workers.engine.control;

import dev.editstream.editing.Tokenizer;
import dev.editstream.schemas.EditException;
import dev.editstream.schemas.ReasonCode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a target prompt's cross-attention is built from its source's: {@code target[:, j] = sum_i
 * source[:, i] * map[i][j]}, taken for target token j with weight {@code alpha[j]} (1 = the mapped
 * source map, 0 = the target's own map). Immutable.
 */
public final class TokenAlignment {
  private final int length;
  private final float[] map;
  private final float[] alpha;

  private TokenAlignment(int length, float[] map, float[] alpha) {
    this.length = length;
    this.map = map;
    this.alpha = alpha;
  }

  /** The identity: every token its own source, fully taken (re-weighting starts from this). */
  public static TokenAlignment identity(int length) {
    float[] map = new float[length * length];
    for (int i = 0; i < length; i++) {
      map[i * length + i] = 1f;
    }
    float[] alpha = new float[length];
    Arrays.fill(alpha, 1f);
    return new TokenAlignment(length, map, alpha);
  }

  /**
   * Word swap (prompt-to-prompt's replacement mapper): the prompts have the same number of words;
   * words that differ map their source tokens onto their target tokens (spread evenly when the
   * token counts differ), every other token maps to itself.
   *
   * @throws EditException {@link ReasonCode#REPLACE_WORD_COUNT_MISMATCH} when the word counts
   *     differ
   */
  public static TokenAlignment replace(Tokenizer tokenizer, String source, String target) {
    String[] ws = words(source);
    String[] wt = words(target);
    if (ws.length != wt.length) {
      throw new EditException(
          ReasonCode.REPLACE_WORD_COUNT_MISMATCH,
          "a word swap needs prompts with equal word counts: '"
              + source
              + "' has "
              + ws.length
              + ", '"
              + target
              + "' has "
              + wt.length);
    }
    int length = tokenizer.contextLength();
    List<int[]> spansS = wordSpans(tokenizer, ws);
    List<int[]> spansT = wordSpans(tokenizer, wt);
    float[] map = new float[length * length];
    int i = 0;
    int j = 0;
    int w = 0;
    while (i < length && j < length) {
      // skip to the next swapped word
      while (w < ws.length && ws[w].equalsIgnoreCase(wt[w])) {
        w++;
      }
      if (w < ws.length && spansS.get(w)[0] == i) {
        int[] s = spansS.get(w);
        int[] t = spansT.get(w);
        float share = 1f / (t[1] - t[0]);
        for (int a = s[0]; a < s[1]; a++) {
          for (int b = t[0]; b < t[1]; b++) {
            map[a * length + b] =
                (s[1] - s[0]) == (t[1] - t[0]) ? (a - s[0] == b - t[0] ? 1f : 0f) : share;
          }
        }
        i += s[1] - s[0];
        j += t[1] - t[0];
        w++;
      } else {
        map[i * length + j] = 1f;
        i++;
        j++;
      }
    }
    float[] alpha = new float[length];
    Arrays.fill(alpha, 1f);
    return new TokenAlignment(length, map, alpha);
  }

  /**
   * Refinement (prompt-to-prompt's refinement mapper): a global alignment of the two token
   * sequences (gap 0, match 1, mismatch −1, as {@code seq_aligner}); aligned target tokens take
   * their source token's map, new target tokens (words added) keep their own (alpha 0).
   */
  public static TokenAlignment refine(Tokenizer tokenizer, String source, String target) {
    int length = tokenizer.contextLength();
    int[] x = trimmed(tokenizer.encode(source));
    int[] y = trimmed(tokenizer.encode(target));
    int[] yToX = SequenceAligner.align(x, y);
    float[] map = new float[length * length];
    float[] alpha = new float[length];
    for (int j = 0; j < length; j++) {
      int src = j < y.length ? yToX[j] : j;
      if (src >= 0 && src < length) {
        map[src * length + j] = 1f;
        alpha[j] = 1f;
      }
    }
    return new TokenAlignment(length, map, alpha);
  }

  /**
   * This alignment followed by prompt-to-prompt's equalizer: the target tokens of each given word
   * (of {@code target}) have their attention scaled by its factor.
   *
   * @throws EditException {@link ReasonCode#EDIT_INCONSISTENT} for a word the target lacks
   */
  public TokenAlignment reweighted(
      Tokenizer tokenizer, String target, Map<String, Double> factors) {
    String[] wt = words(target);
    List<int[]> spans = wordSpans(tokenizer, wt);
    float[] scale = new float[length];
    Arrays.fill(scale, 1f);
    for (var e : factors.entrySet()) {
      boolean found = false;
      for (int w = 0; w < wt.length; w++) {
        if (wt[w].equalsIgnoreCase(e.getKey())) {
          found = true;
          for (int k = spans.get(w)[0]; k < spans.get(w)[1]; k++) {
            scale[k] = e.getValue().floatValue();
          }
        }
      }
      if (!found) {
        throw new EditException(
            ReasonCode.EDIT_INCONSISTENT,
            "re-weighted word '" + e.getKey() + "' is not in '" + target + "'");
      }
    }
    float[] out = map.clone();
    for (int i = 0; i < length; i++) {
      for (int j = 0; j < length; j++) {
        out[i * length + j] *= scale[j];
      }
    }
    return new TokenAlignment(length, out, alpha.clone());
  }

  /** The context length L. */
  public int length() {
    return length;
  }

  /** map[i][j]: how much source token i feeds target token j. */
  public float map(int sourceToken, int targetToken) {
    return map[sourceToken * length + targetToken];
  }

  /** The L×L map, row-major [source][target] (a copy). */
  public float[] map() {
    return map.clone();
  }

  /** Per target token: 1 takes the mapped source map, 0 keeps the target's own (a copy). */
  public float[] alpha() {
    return alpha.clone();
  }

  /** The positions of each word's tokens: {@code [start, end)} per word, after SOS. */
  static List<int[]> wordSpans(Tokenizer tokenizer, String[] words) {
    List<int[]> spans = new ArrayList<>(words.length);
    int at = 1;
    for (String w : words) {
      int n = trimmed(tokenizer.encode(w)).length - 2;
      spans.add(new int[] {at, at + n});
      at += n;
    }
    return spans;
  }

  /**
   * Refuses a word the prompt lacks (compared in any case), naming both.
   *
   * @param absent the code to refuse with: {@link ReasonCode#MASK_WORD_NOT_IN_CAPTION} for words of
   *     a source caption that outline a region, {@link ReasonCode#EDIT_INCONSISTENT} otherwise
   * @throws EditException with {@code absent} when the word is not in the prompt
   */
  public static void requireWord(String prompt, String word, ReasonCode absent) {
    for (String w : words(prompt)) {
      if (w.equalsIgnoreCase(word)) {
        return;
      }
    }
    throw new EditException(absent, "word '" + word + "' is not in '" + prompt + "'");
  }

  /**
   * The positions of a word's tokens in a prompt (every occurrence), for attention masks.
   *
   * @throws EditException {@link ReasonCode#EDIT_INCONSISTENT} when the word is not in the prompt
   */
  public static int[] tokenPositions(Tokenizer tokenizer, String prompt, String word) {
    String[] ws = words(prompt);
    List<int[]> spans = wordSpans(tokenizer, ws);
    List<Integer> out = new ArrayList<>();
    for (int w = 0; w < ws.length; w++) {
      if (ws[w].equalsIgnoreCase(word)) {
        for (int k = spans.get(w)[0]; k < spans.get(w)[1]; k++) {
          out.add(k);
        }
      }
    }
    if (out.isEmpty()) {
      throw new EditException(
          ReasonCode.EDIT_INCONSISTENT, "word '" + word + "' is not in '" + prompt + "'");
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * The positions of the occurrences of {@code word} in {@code prompt} that an edit towards (or
   * from) {@code other} changes: with equal word counts, those where the other prompt has another
   * word at the same place. A colour swap in "a yellow triangle and a yellow diamond" thus follows
   * the one object it recolours, where {@link #tokenPositions} (prompt-to-prompt's rule) would take
   * both. Falls back to every occurrence when the prompts differ in length or no occurrence changes
   * (a re-weight).
   */
  public static int[] editedTokenPositions(
      Tokenizer tokenizer, String prompt, String other, String word) {
    int[] all = tokenPositions(tokenizer, prompt, word);
    String[] ws = words(prompt);
    String[] os = words(other);
    if (ws.length != os.length) {
      return all;
    }
    List<int[]> spans = wordSpans(tokenizer, ws);
    List<Integer> out = new ArrayList<>();
    for (int w = 0; w < ws.length; w++) {
      if (ws[w].equalsIgnoreCase(word) && !ws[w].equals(os[w])) {
        for (int k = spans.get(w)[0]; k < spans.get(w)[1]; k++) {
          out.add(k);
        }
      }
    }
    return out.isEmpty() ? all : out.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The tokenizer's words, lower-cased (the tokenizer reads any case). */
  private static String[] words(String prompt) {
    return Tokenizer.words(prompt.toLowerCase(Locale.ROOT));
  }

  /** SOS, the words' tokens and EOS, without padding. */
  private static int[] trimmed(int[] ids) {
    int eos = Tokenizer.eosPosition(ids);
    return Arrays.copyOf(ids, eos + 1);
  }
}
