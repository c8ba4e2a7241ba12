package dev.editstream.benchmarks.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.editstream.workers.engine.image.RgbImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaseJournalTest {
  private static final QualityBenchmark.Reconstruction REC =
      new QualityBenchmark.Reconstruction(17.123456789012345, 37.5, 0.53, 0.967, 0.34, 10.7);

  private static CaseScore score(Method m, double psnr) {
    return new CaseScore(
        m, EditKind.SHAPE, 2, psnr, 0.7, 31.25, 0.8, true, 66.6, 0.45, 1.0 / 3, 0.99 / 3);
  }

  @Test
  void aReopenedJournalGivesBackEveryCaseExactly(@TempDir Path dir) {
    RgbImage img = RgbImage.filled(32, 32, 0.2f, 0.4f, 0.6f).quantised();
    var withImages =
        new CaseJournal.Entry(
            REC,
            List.of(score(Method.DDIM_SWAP, 15.1), score(Method.NTI_MASKED, 22.5)),
            Map.of(Method.DDIM_SWAP, img, Method.NTI_MASKED, img),
            81.25);
    var plain =
        new CaseJournal.Entry(REC, List.of(score(Method.SDEDIT, Math.PI)), Map.of(), 1.0 / 7);
    CaseJournal first = CaseJournal.open(dir, "bundle abc settings 1");
    first.record(3, withImages);
    first.record(8, plain);

    CaseJournal again = CaseJournal.open(dir, "bundle abc settings 1");
    assertThat(again.done(3)).contains(withImages);
    assertThat(again.done(8)).contains(plain);
    assertThat(again.done(4)).isEmpty();
  }

  @Test
  void aLineCutShortByAKillIsDroppedAndTheJournalGoesOn(@TempDir Path dir) throws Exception {
    var entry = new CaseJournal.Entry(REC, List.of(score(Method.SDEDIT, 20)), Map.of(), 9.5);
    CaseJournal.open(dir, "key").record(1, entry);
    Files.writeString(
        dir.resolve("cases.jsonl"),
        "{\"caseId\":2,\"reconstruction\":{\"psnrDdim\":17.0",
        java.nio.file.StandardOpenOption.APPEND);

    CaseJournal resumed = CaseJournal.open(dir, "key");
    assertThat(resumed.done(1)).contains(entry);
    assertThat(resumed.done(2)).isEmpty();
    resumed.record(2, entry);
    assertThat(CaseJournal.open(dir, "key").done(2)).contains(entry);
  }

  @Test
  void aJournalOfAnotherRunIsClearedNotMixedIn(@TempDir Path dir) throws Exception {
    RgbImage img = RgbImage.filled(32, 32, 1f, 0f, 0f);
    CaseJournal.open(dir, "bundle abc")
        .record(
            1,
            new CaseJournal.Entry(
                REC, List.of(score(Method.SDEDIT, 20)), Map.of(Method.SDEDIT, img), 2.0));
    Files.writeString(dir.resolve("notes.txt"), "kept");

    CaseJournal other = CaseJournal.open(dir, "bundle def");
    assertThat(other.done(1)).isEmpty();
    assertThat(CaseJournal.open(dir, "bundle def").done(1)).isEmpty();
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("cases.jsonl", "notes.txt");
    }
  }

  @Test
  void readingAJournalBeingWrittenTouchesNothingAndTheParityCheckMatchesItsPlannerRow(
      @TempDir Path dir) throws Exception {
    RgbImage img = RgbImage.filled(32, 32, 0.2f, 0.4f, 0.6f).quantised();
    CaseScore planned = score(Method.PLANNED, 24.5);
    var entry =
        new CaseJournal.Entry(
            REC,
            List.of(score(Method.SDEDIT, 20), planned),
            Map.of(Method.SDEDIT, img, Method.PLANNED, img),
            3.0);
    CaseJournal.open(dir, "key").record(5, entry);
    String half = "{\"caseId\":6,\"reconstruction\"";
    Files.writeString(dir.resolve("cases.jsonl"), half, java.nio.file.StandardOpenOption.APPEND);
    String before = Files.readString(dir.resolve("cases.jsonl"));

    Map<Integer, CaseJournal.Entry> read = CaseJournal.read(dir);
    assertThat(read).containsOnlyKeys(5);
    assertThat(Files.readString(dir.resolve("cases.jsonl"))).isEqualTo(before);
    assertThat(CaseJournal.read(dir.resolve("absent"))).isEmpty();

    // the same scores with other timings and the same image match; another image or score does not
    CaseScore retimed =
        new CaseScore(
            Method.PLANNED, EditKind.SHAPE, 2, 24.5, 0.7, 31.25, 0.8, true, 66.6, 0.45, 9, 8);
    assertThat(BenchmarkRow.matches(read.get(5), retimed, img)).isTrue();
    assertThat(BenchmarkRow.matches(read.get(5), score(Method.PLANNED, 24.6), img)).isFalse();
    RgbImage other = RgbImage.filled(32, 32, 0.2f, 0.4f, 0.8f).quantised();
    assertThat(BenchmarkRow.matches(read.get(5), retimed, other)).isFalse();
  }
}
