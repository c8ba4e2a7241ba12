package dev.editstream.producers.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestTest {

  @TempDir Path dir;

  @Test
  void aJsonLinesManifestReadsEveryFieldAndResolvesImagesAgainstItsFolder() throws Exception {
    Path manifest = dir.resolve("m.jsonl");
    Files.writeString(
        manifest,
        """
        {"image": "a.png", "caption": "a red circle", "edit": "replace", "prompt": "a green circle", "mask": "box:1,2,3,4", "strength": 0.5, "reweight": "red=2,circle=0.5", "seed": 7, "label": "one", "expect": "OK"}
        # a comment, then a blank line

        {"image": "sub/b.jpg"}
        """);
    List<Manifest.Row> rows = Manifest.read(manifest);
    assertThat(rows).hasSize(2);
    EnrichItem a = rows.get(0).item();
    assertThat(rows.get(0).problem()).isNull();
    assertThat(a.line()).isEqualTo(1);
    assertThat(a.image()).isEqualTo(dir.resolve("a.png").toAbsolutePath());
    assertThat(a.caption()).isEqualTo("a red circle");
    assertThat(a.prompt()).isEqualTo("a green circle");
    assertThat(a.mask()).isEqualTo("box:1,2,3,4");
    assertThat(a.strength()).isEqualTo(0.5f);
    assertThat(a.reweight()).containsExactly(entry("red", 2f), entry("circle", 0.5f));
    assertThat(a.seed()).isEqualTo(7L);
    assertThat(rows.get(1).item().line()).isEqualTo(4);
    assertThat(rows.get(1).item().caption()).isNull();
  }

  @Test
  void aBadRowIsMarkedWithItsProblemAndTheOthersStillRead() throws Exception {
    Path manifest = dir.resolve("m.jsonl");
    Files.writeString(
        manifest,
        """
        {"image": "a.png", "colour": "red"}
        not json
        {"caption": "no image"}
        {"image": "b.png", "seed": "seven"}
        {"image": "c.png"}
        """);
    List<Manifest.Row> rows = Manifest.read(manifest);
    assertThat(rows)
        .extracting(Manifest.Row::problem)
        .satisfiesExactly(
            p -> assertThat(p).contains("unknown field 'colour'"),
            p -> assertThat(p).contains("line 2 is not JSON"),
            p -> assertThat(p).contains("no 'image'"),
            p -> assertThat(p).contains("'seed' is not a number: seven"),
            p -> assertThat(p).isNull());
  }

  @Test
  void aCsvManifestReadsItsHeaderAndSkipsEmptyCells() throws Exception {
    Path manifest = dir.resolve("m.csv");
    Files.writeString(
        manifest,
        """
        image,caption,prompt,edit
        a.png,"a red circle, large",a green circle,replace
        b.png,,,variation
        """);
    List<Manifest.Row> rows = Manifest.read(manifest);
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).item().caption()).isEqualTo("a red circle, large");
    assertThat(rows.get(0).item().line()).isEqualTo(2);
    assertThat(rows.get(1).item().caption()).isNull();
    assertThat(rows.get(1).item().edit()).isEqualTo("variation");
  }

  @Test
  void aFolderGivesItsImagesInNameOrder() throws Exception {
    Files.write(dir.resolve("b.png"), new byte[] {1});
    Files.write(dir.resolve("a.JPG"), new byte[] {1});
    Files.writeString(dir.resolve("notes.txt"), "not an image");
    assertThat(Manifest.read(dir))
        .extracting(r -> r.item().image().getFileName().toString())
        .containsExactly("a.JPG", "b.png");
  }

  @Test
  void anInputThatIsNeitherFolderNorManifestIsRefused() throws Exception {
    Files.writeString(dir.resolve("m.txt"), "x");
    assertThatThrownBy(() -> Manifest.read(dir.resolve("m.txt")))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining("a folder, a .jsonl or a .csv");
    assertThatThrownBy(() -> Manifest.read(dir.resolve("missing.jsonl")))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining("no such folder or manifest");
  }

  @Test
  void rowFieldsWinOverTheCommandLinesDefaults() {
    EnrichItem defaults =
        new EnrichItem(0, null, null, null, "cap", "sdedit", "p", null, 0.4f, null, 3L, null);
    EnrichItem row =
        new EnrichItem(5, dir, null, null, null, "replace", null, null, null, null, null, null);
    EnrichItem merged = row.or(defaults);
    assertThat(merged.edit()).isEqualTo("replace");
    assertThat(merged.caption()).isEqualTo("cap");
    assertThat(merged.strength()).isEqualTo(0.4f);
    assertThat(merged.seed()).isEqualTo(3L);
    assertThat(merged.expected()).isEqualTo("OK");
  }
}
