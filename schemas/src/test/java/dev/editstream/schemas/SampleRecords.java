package dev.editstream.schemas;

import dev.editstream.schemas.avro.EditRequest;
import dev.editstream.schemas.avro.MaskBox;
import dev.editstream.schemas.avro.PromptEdit;
import dev.editstream.schemas.avro.PromptEditMode;
import dev.editstream.schemas.avro.SamplerParams;
import dev.editstream.schemas.avro.WordWeight;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Valid records for tests. */
public final class SampleRecords {

  private SampleRecords() {}

  /** A prompt-to-prompt REPLACE request with an inline image, a box mask and a deadline. */
  public static EditRequest editRequest(String requestId) {
    return EditRequest.newBuilder()
        .setRequestId(requestId)
        .setImage(ByteBuffer.wrap(new byte[] {(byte) 0x89, 'P', 'N', 'G'}))
        .setSourceCaption("a large red circle on a blue background")
        .setEdit(
            PromptEdit.newBuilder()
                .setMode(PromptEditMode.REPLACE)
                .setTargetPrompt("a large green circle on a blue background")
                .setReweights(List.of(new WordWeight("green", 1.5f)))
                .build())
        .setMask(new MaskBox(1, 2, 10, 12))
        .setBundleName("shapes")
        .setSampler(SamplerParams.newBuilder().setSeed(42L).build())
        .setDeadline(Instant.ofEpochMilli(1_700_000_000_000L))
        .setMetadata(Map.of("batch", "b-1"))
        .build();
  }
}
