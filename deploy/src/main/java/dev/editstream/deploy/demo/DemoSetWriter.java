package dev.editstream.deploy.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.editstream.models.world.Colour;
import dev.editstream.models.world.Scene;
import dev.editstream.models.world.SceneObject;
import dev.editstream.models.world.Shape;
import dev.editstream.models.world.Size;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the demo's committed sample set, {@code samples/demo/}: scenes of the bundled world at
 * several sizes and {@code manifest.jsonl}, whose rows also edit the two example images of {@code
 * samples/}. Colour, background and shape swaps, masked edits (box, words), caption-less rows,
 * refine, re-weight, SDEdit, variation, and two rows invalid on purpose (their {@code expect} names
 * the rejection). Run once when the set changes: {@code java -cp <deploy's class path>
 * dev.editstream.deploy.demo.DemoSetWriter samples/demo}; the output is committed.
 */
public final class DemoSetWriter {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final List<Map<String, Object>> rows = new ArrayList<>();

  private DemoSetWriter(Path dir) {
    this.dir = dir;
  }

  /**
   * Writes the set.
   *
   * @param args the output folder (default {@code samples/demo})
   * @throws IOException when it cannot be written
   */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "samples/demo");
    Files.createDirectories(dir);
    DemoSetWriter w = new DemoSetWriter(dir);
    w.writeAll();
    StringBuilder text = new StringBuilder();
    for (Map<String, Object> row : w.rows) {
      text.append(JSON.writeValueAsString(row)).append('\n');
    }
    Files.writeString(dir.resolve("manifest.jsonl"), text);
    System.out.println("wrote " + w.rows.size() + " rows into " + dir.resolve("manifest.jsonl"));
  }

  private static Scene one(Colour background, Shape shape, Colour colour, float cx, float cy) {
    return new Scene(background, List.of(new SceneObject(shape, colour, Size.LARGE, cx, cy)));
  }

  private void writeAll() throws IOException {
    // colour swaps: word 2 of "a large <colour> <shape> on a <background> background"
    Scene redCircle = one(Colour.BLUE, Shape.CIRCLE, Colour.RED, 16, 16);
    swap("recolour red circle to green", redCircle, 32, 32, 2, "green");
    swap(
        "recolour green square to red",
        one(Colour.BLACK, Shape.SQUARE, Colour.GREEN, 16, 16),
        32,
        32,
        2,
        "red");
    swap(
        "recolour yellow triangle to purple",
        one(Colour.GRAY, Shape.TRIANGLE, Colour.YELLOW, 16, 16),
        32,
        32,
        2,
        "purple");
    swap(
        "recolour blue diamond to pink",
        one(Colour.WHITE, Shape.DIAMOND, Colour.BLUE, 16, 16),
        32,
        32,
        2,
        "pink");
    swap(
        "recolour purple circle to blue",
        one(Colour.YELLOW, Shape.CIRCLE, Colour.PURPLE, 15, 17),
        32,
        32,
        2,
        "blue");
    swap(
        "recolour pink square to yellow",
        one(Colour.GREEN, Shape.SQUARE, Colour.PINK, 17, 15),
        32,
        32,
        2,
        "yellow");
    // background swaps: word 6
    swap(
        "background blue to white",
        one(Colour.BLUE, Shape.SQUARE, Colour.RED, 14, 14),
        32,
        32,
        6,
        "white");
    swap(
        "background black to gray",
        one(Colour.BLACK, Shape.CIRCLE, Colour.YELLOW, 18, 16),
        32,
        32,
        6,
        "gray");
    swap(
        "background white to black",
        one(Colour.WHITE, Shape.TRIANGLE, Colour.GREEN, 16, 18),
        32,
        32,
        6,
        "black");
    // shape swaps: word 3
    swap(
        "shape circle to square",
        one(Colour.GRAY, Shape.CIRCLE, Colour.PINK, 16, 16),
        32,
        32,
        3,
        "square");
    swap(
        "shape square to circle",
        one(Colour.WHITE, Shape.SQUARE, Colour.PURPLE, 16, 16),
        32,
        32,
        3,
        "circle");
    swap(
        "shape diamond to triangle",
        one(Colour.BLACK, Shape.DIAMOND, Colour.BLUE, 16, 16),
        32,
        32,
        3,
        "triangle");
    // other sizes
    swap(
        "recolour at 64x64",
        one(Colour.YELLOW, Shape.CIRCLE, Colour.PURPLE, 16, 16),
        64,
        64,
        2,
        "green");
    swap(
        "recolour at 96x64",
        one(Colour.BLACK, Shape.SQUARE, Colour.GREEN, 16, 16),
        96,
        64,
        2,
        "yellow");
    Scene twoPink =
        new Scene(
            Colour.WHITE,
            List.of(
                new SceneObject(Shape.CIRCLE, Colour.PINK, Size.SMALL, 9, 10),
                new SceneObject(Shape.SQUARE, Colour.PINK, Size.LARGE, 21, 21)));
    swap("recolour one of two objects", twoPink, 32, 32, 7, "green");
    // masked edits
    Map<String, Object> box =
        swapRow(
            "masked edit inside a box, 64x64",
            one(Colour.GRAY, Shape.SQUARE, Colour.GREEN, 16, 16),
            64,
            64,
            2,
            "purple");
    box.put("edit", "masked");
    box.put("mask", "box:12,12,40,40");
    Scene pair =
        new Scene(
            Colour.GRAY,
            List.of(
                new SceneObject(Shape.TRIANGLE, Colour.YELLOW, Size.SMALL, 10, 22),
                new SceneObject(Shape.DIAMOND, Colour.BLUE, Size.LARGE, 21, 11)));
    Map<String, Object> words =
        swapRow("recolour inside the word mask 'diamond'", pair, 32, 32, 7, "green");
    words.put("mask", "words:diamond");
    // prompt edits beyond replace, and SDEdit
    Map<String, Object> refine =
        base("refine: add 'small'", one(Colour.BLUE, Shape.CIRCLE, Colour.RED, 17, 17), 32, 32);
    refine.put("edit", "refine");
    refine.put("caption", "a red circle on a blue background");
    refine.put("prompt", "a small red circle on a blue background");
    Scene weighted = one(Colour.GREEN, Shape.CIRCLE, Colour.RED, 16, 16);
    Map<String, Object> reweight = base("re-weight 'red' x2", weighted, 32, 32);
    reweight.put("edit", "reweight");
    reweight.put("prompt", weighted.caption());
    reweight.put("reweight", "red=2");
    Map<String, Object> sdedit =
        base(
            "SDEdit towards a yellow square, 64x64",
            one(Colour.BLUE, Shape.CIRCLE, Colour.RED, 16, 16),
            64,
            64);
    sdedit.put("edit", "sdedit");
    sdedit.put("strength", 0.6);
    sdedit.put("prompt", "a large yellow square on a blue background");
    // caption-less: the pipeline captions the image; two rows share one image, so one caption
    Scene uncaptioned = one(Colour.GRAY, Shape.TRIANGLE, Colour.RED, 16, 16);
    // a prompt edit needs the source caption: the first asks the captioner, the second (same
    // pixels) finds it in the captions table
    Map<String, Object> c1 = base("no caption: recolour (caption computed)", uncaptioned, 32, 32);
    c1.remove("caption");
    c1.put("prompt", "a large blue triangle on a gray background");
    Map<String, Object> c2 = base("no caption: background (same image)", uncaptioned, 32, 32);
    c2.remove("caption");
    c2.put("prompt", "a large red triangle on a white background");
    Map<String, Object> c3 =
        base(
            "no caption: variation",
            one(Colour.BLACK, Shape.DIAMOND, Colour.YELLOW, 16, 16),
            32,
            32);
    c3.remove("caption");
    c3.put("edit", "variation");
    // the committed example images of samples/
    example(
        "example PNG: red circle to yellow",
        "../red-circle.png",
        "a large red circle on a blue background",
        "a large yellow circle on a blue background");
    example(
        "example JPEG: yellow square to purple",
        "../yellow-square.jpg",
        "a large yellow square on a green background",
        "a large purple square on a green background");
    // invalid on purpose, on an image of the set
    Map<String, Object> count = base("invalid: replace changes the word count", redCircle, 32, 32);
    count.put("prompt", "a green circle on a blue background");
    count.put("expect", "REPLACE_WORD_COUNT_MISMATCH");
    Map<String, Object> vocab = base("invalid: a word the bundle does not know", redCircle, 32, 32);
    vocab.put("prompt", "a large red dog on a blue background");
    vocab.put("expect", "WORD_NOT_IN_VOCABULARY");
  }

  private void swap(String label, Scene scene, int w, int h, int word, String to)
      throws IOException {
    swapRow(label, scene, w, h, word, to);
  }

  private Map<String, Object> swapRow(String label, Scene scene, int w, int h, int word, String to)
      throws IOException {
    Map<String, Object> row = base(label, scene, w, h);
    String[] words = scene.caption().split(" ");
    words[word] = to;
    row.put("prompt", String.join(" ", words));
    return row;
  }

  private void example(String label, String image, String caption, String prompt) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("label", label);
    row.put("image", image);
    row.put("caption", caption);
    row.put("prompt", prompt);
    rows.add(row);
  }

  /** A row for a scene, its image written under a name derived from the scene and size. */
  private Map<String, Object> base(String label, Scene scene, int w, int h) throws IOException {
    String name = slug(scene) + "-" + w + "x" + h + ".png";
    Path image = dir.resolve(name);
    if (!Files.exists(image)) {
      Files.write(image, SampleImages.scene(scene, w, h));
    }
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("label", label);
    row.put("image", name);
    row.put("caption", scene.caption());
    rows.add(row);
    return row;
  }

  private static String slug(Scene scene) {
    StringBuilder s = new StringBuilder();
    for (SceneObject o : scene.objects()) {
      s.append(s.isEmpty() ? "" : "-")
          .append(o.colour().name().toLowerCase(java.util.Locale.ROOT))
          .append('-')
          .append(o.shape().name().toLowerCase(java.util.Locale.ROOT))
          .append('-')
          .append((int) o.centreX())
          .append('-')
          .append((int) o.centreY());
    }
    return s + "-on-" + scene.background().name().toLowerCase(java.util.Locale.ROOT);
  }
}
