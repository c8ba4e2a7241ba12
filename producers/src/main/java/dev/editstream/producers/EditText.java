package dev.editstream.producers;

import dev.editstream.schemas.avro.MaskBox;
import dev.editstream.schemas.avro.MaskImage;
import dev.editstream.schemas.avro.MaskPolygon;
import dev.editstream.schemas.avro.MaskWords;
import dev.editstream.schemas.avro.MaskedEdit;
import dev.editstream.schemas.avro.Point;
import dev.editstream.schemas.avro.PromptEdit;
import dev.editstream.schemas.avro.PromptEditMode;
import dev.editstream.schemas.avro.SdEdit;
import dev.editstream.schemas.avro.Variation;
import dev.editstream.schemas.avro.WordWeight;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The text form of an edit and a mask, as {@code submit}'s options and {@code enrich}'s manifest
 * rows write them, turned into the contract's values. Text that names no valid edit or mask throws
 * {@link InvalidEditTextException} saying which part is wrong; the bundle's own rules (words, word
 * counts) are intake's to check.
 */
public final class EditText {

  /** The edit kinds, as written. */
  public static final List<String> KINDS =
      List.of("replace", "refine", "reweight", "sdedit", "masked", "variation");

  private EditText() {}

  /**
   * An edit of the contract.
   *
   * @param kind one of {@link #KINDS}, any case
   * @param prompt the target prompt (every kind but variation needs one)
   * @param weights attention factors by word (prompt edits), or null
   * @param strength SDEdit's noise strength
   * @return a {@code PromptEdit}, {@code SdEdit}, {@code MaskedEdit} or {@code Variation}
   */
  public static Object edit(
      String kind, String prompt, Map<String, Float> weights, float strength) {
    String k = kind == null ? "replace" : kind.toLowerCase(Locale.ROOT);
    List<WordWeight> ws = new ArrayList<>();
    if (weights != null) {
      weights.forEach((word, factor) -> ws.add(new WordWeight(word, factor)));
    }
    if (k.equals("variation")) {
      return new Variation();
    }
    if (!KINDS.contains(k)) {
      throw new InvalidEditTextException("the edit must be one of " + KINDS + ": " + kind);
    }
    if (prompt == null || prompt.isBlank()) {
      throw new InvalidEditTextException("a " + k + " edit needs a prompt");
    }
    return switch (k) {
      case "replace" -> new PromptEdit(PromptEditMode.REPLACE, prompt, ws);
      case "refine" -> new PromptEdit(PromptEditMode.REFINE, prompt, ws);
      case "reweight" -> new PromptEdit(PromptEditMode.REWEIGHT, prompt, ws);
      case "sdedit" -> new SdEdit(strength, prompt);
      default -> new MaskedEdit(prompt);
    };
  }

  /**
   * A mask given in one field: {@code box:X,Y,W,H}, {@code polygon:X1,Y1,X2,Y2,...}, {@code
   * words:WORD,WORD} or {@code image:FILE} (relative to {@code base}).
   *
   * @param text the field, or null or blank for no mask
   * @param base the directory a mask image's path is relative to
   * @return the contract's mask, or null
   */
  public static Object mask(String text, Path base) {
    if (text == null || text.isBlank()) {
      return null;
    }
    int colon = text.indexOf(':');
    String form = colon < 0 ? "" : text.substring(0, colon).trim().toLowerCase(Locale.ROOT);
    String value = colon < 0 ? "" : text.substring(colon + 1).trim();
    return switch (form) {
      case "box" -> box(value);
      case "polygon" -> polygon(value);
      case "words" -> words(value);
      case "image" -> image(base.resolve(value));
      default ->
          throw new InvalidEditTextException(
              "a mask is box:X,Y,W,H, polygon:X1,Y1,..., words:WORD,... or image:FILE: " + text);
    };
  }

  /** A box mask from {@code X,Y,W,H} in pixels. */
  public static MaskBox box(String text) {
    int[] v = ints("box", text);
    if (v.length != 4) {
      throw new InvalidEditTextException("a mask box is X,Y,W,H: " + text);
    }
    return new MaskBox(v[0], v[1], v[2], v[3]);
  }

  /** A polygon mask from {@code X1,Y1,X2,Y2,...} in pixels. */
  public static MaskPolygon polygon(String text) {
    int[] v = ints("polygon", text);
    if (v.length % 2 != 0 || v.length < 6) {
      throw new InvalidEditTextException("a mask polygon is at least three X,Y pairs: " + text);
    }
    List<Point> points = new ArrayList<>();
    for (int i = 0; i < v.length; i += 2) {
      points.add(new Point(v[i], v[i + 1]));
    }
    return new MaskPolygon(points);
  }

  /** A mask from the attention of comma-separated words. */
  public static MaskWords words(String text) {
    List<String> words =
        Arrays.stream(text.split(",")).map(String::trim).filter(w -> !w.isEmpty()).toList();
    if (words.isEmpty()) {
      throw new InvalidEditTextException("a word mask needs at least one word: " + text);
    }
    return new MaskWords(words);
  }

  /** A mask image read from a file. */
  public static MaskImage image(Path file) {
    try {
      return new MaskImage(ByteBuffer.wrap(Files.readAllBytes(file)));
    } catch (IOException e) {
      throw new InvalidEditTextException("cannot read the mask image " + file + ": " + e);
    }
  }

  private static int[] ints(String what, String text) {
    String[] parts = text.split(",");
    int[] values = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        values[i] = Integer.parseInt(parts[i].trim());
      } catch (NumberFormatException e) {
        throw new InvalidEditTextException(
            "a mask " + what + " takes whole numbers of pixels: " + text);
      }
    }
    return values;
  }
}
