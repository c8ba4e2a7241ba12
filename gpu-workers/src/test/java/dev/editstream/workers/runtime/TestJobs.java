package dev.editstream.workers.runtime;

import dev.editstream.schemas.SampleRecords;
import dev.editstream.schemas.avro.BlobRef;
import dev.editstream.schemas.avro.CaptionSource;
import dev.editstream.schemas.avro.EditJob;
import dev.editstream.schemas.avro.EditRequest;
import dev.editstream.schemas.avro.MaskSource;
import java.time.Instant;

/** Jobs and outputs for the worker's tests. */
final class TestJobs {

  static final BlobRef RESULT =
      BlobRef.newBuilder()
          .setUri("file:sha256/ab/cd/abcd")
          .setSha256("ab".repeat(32))
          .setSize(123)
          .setMediaType("image/png")
          .build();

  private TestJobs() {}

  /** A job of priority 0 without a deadline. */
  static EditJob job(String requestId) {
    return job(requestId, 0, null);
  }

  /** A job of the given priority and deadline (null: none). */
  static EditJob job(String requestId, int priority, Instant deadline) {
    EditRequest request = SampleRecords.editRequest(requestId);
    request.setPriority(priority);
    request.setDeadline(deadline);
    return EditJob.newBuilder()
        .setRequestId(requestId)
        .setRequest(request)
        .setImageSha256("cd".repeat(32))
        .setResolvedCaption(request.getSourceCaption())
        .setCaptionSource(CaptionSource.CLIENT)
        .setMaskSource(MaskSource.EXPLICIT)
        .setBundleVersion("2")
        .setBundleSha256("ef".repeat(32))
        .setSeed(42L)
        .setDispatchedAt(Instant.ofEpochMilli(1_800_000_000_000L))
        .build();
  }

  /** A successful output of 20 steps on the CPU. */
  static JobOutput succeeded() {
    return JobOutput.succeeded(RESULT).steps(20).device("CPU").timing("edit", 7).build();
  }
}
