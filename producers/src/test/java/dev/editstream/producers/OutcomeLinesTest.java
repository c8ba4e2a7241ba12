package dev.editstream.producers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.editstream.schemas.avro.BlobRef;
import dev.editstream.schemas.avro.EditProgress;
import dev.editstream.schemas.avro.EditResult;
import dev.editstream.schemas.avro.ResultStatus;
import dev.editstream.schemas.avro.Stage;
import dev.editstream.schemas.blob.FileBlobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutcomeLinesTest {

  @TempDir Path tmp;

  private static EditResult succeeded(BlobRef image) {
    return EditResult.newBuilder()
        .setRequestId("r-1")
        .setStatus(ResultStatus.SUCCEEDED)
        .setReasonCode("OK")
        .setMessage("edited")
        .setResultImage(image)
        .setTimingsMs(Map.of())
        .setMetadata(Map.of())
        .setCompletedAt(Instant.EPOCH)
        .build();
  }

  @Test
  void aResultInAFileStoreShowsThePathOfItsBlob() throws Exception {
    FileBlobStore store = new FileBlobStore(tmp.resolve("blobs with space"));
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
    BlobRef ref = store.put(png, "image/png");

    String line = OutcomeLines.result(succeeded(ref));

    assertThat(line).startsWith("RESULT   r-1").contains("SUCCEEDED").contains("edited");
    Path shown = Path.of(line.substring(line.indexOf("image=") + "image=".length()));
    assertThat(shown).startsWith(store.directory());
    assertThat(Files.readAllBytes(shown)).isEqualTo(png);
  }

  @Test
  void aResultElsewhereShowsItsUriAndOneWithoutAnImageNeither() {
    BlobRef remote = new BlobRef("s3://bucket/results/ab12", "ab12", 7L, "image/png");
    assertThat(OutcomeLines.result(succeeded(remote)))
        .endsWith(" result=s3://bucket/results/ab12")
        .doesNotContain("image=");
    BlobRef foreignHost = new BlobRef("file://host/share/ab12", "ab12", 7L, "image/png");
    assertThat(OutcomeLines.result(succeeded(foreignHost)))
        .endsWith(" result=file://host/share/ab12");
    assertThat(OutcomeLines.result(succeeded(null)))
        .doesNotContain("result=")
        .doesNotContain("image=");
  }

  @Test
  void aProgressReportIsOneLineWithStageStepsAndMessage() {
    EditProgress progress =
        new EditProgress("r-1", Stage.EDIT, 5, 20, "denoising", null, Instant.EPOCH);
    assertThat(OutcomeLines.of(progress))
        .isEqualTo(String.format("PROGRESS %-36s %-9s 5/20 denoising", "r-1", "EDIT"));
    EditProgress silent = new EditProgress("r-1", Stage.INVERSION, 0, 0, null, null, Instant.EPOCH);
    assertThat(OutcomeLines.of(silent)).endsWith("INVERSION 0/0 ");
  }
}
