package dev.editstream.gateway;

import dev.editstream.schemas.avro.BlobRef;
import dev.editstream.schemas.avro.EditProgress;
import dev.editstream.schemas.avro.EditResult;
import dev.editstream.schemas.avro.QualityMetrics;
import dev.editstream.schemas.avro.RequestState;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The status document of a request, as JSON-ready maps: {@code requestId}, {@code stage} (SUBMITTED
 * before the status store has it, then RESOLVING, DISPATCHED, TERMINAL, ...), {@code resolving}
 * (what it waits for), {@code progress} (the worker's latest step), {@code result} (once ended:
 * status, reason, image, caption and its source, mask, timings and quality metrics). {@code
 * editstream status} prints it.
 */
final class StatusDocument {

  private StatusDocument() {}

  static Map<String, Object> of(RequestState state) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("requestId", state.getRequestId());
    doc.put("stage", state.getPhase().name());
    putIfSet(doc, "resolving", state.getResolving());
    putIfSet(doc, "caption", state.getResolvedCaption());
    putIfSet(doc, "captionSource", state.getCaptionSource());
    putIfSet(doc, "bundleId", state.getBundleId());
    putIfSet(doc, "seed", state.getSeed());
    putIfSet(doc, "deadline", state.getDeadline());
    if (state.getProgress() != null) {
      doc.put("progress", progress(state.getProgress()));
    }
    if (state.getEndResult() != null) {
      doc.put("result", result(state.getEndResult()));
    }
    doc.put("updatedAt", state.getUpdatedAt().toString());
    return doc;
  }

  /** The document of a request this gateway submitted that the status store does not hold yet. */
  static Map<String, Object> submitted(String requestId, Instant at) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("requestId", requestId);
    doc.put("stage", "SUBMITTED");
    doc.put("updatedAt", at.toString());
    return doc;
  }

  static Map<String, Object> progress(EditProgress p) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("requestId", p.getRequestId());
    doc.put("stage", p.getStage().name());
    doc.put("step", p.getStep());
    doc.put("totalSteps", p.getTotalSteps());
    putIfSet(doc, "message", p.getMessage());
    doc.put("at", p.getTimestamp().toString());
    return doc;
  }

  static Map<String, Object> result(EditResult r) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("requestId", r.getRequestId());
    doc.put("status", r.getStatus().name());
    doc.put("reasonCode", r.getReasonCode());
    doc.put("message", r.getMessage());
    if (r.getResultImage() != null) {
      doc.put("image", blob(r.getResultImage()));
    }
    if (r.getMask() != null) {
      doc.put("mask", blob(r.getMask()));
    }
    putIfSet(doc, "maskSource", r.getMaskSource());
    putIfSet(doc, "caption", r.getResolvedCaption());
    putIfSet(doc, "captionSource", r.getCaptionSource());
    putIfSet(doc, "captionScore", r.getCaptionScore());
    putIfSet(doc, "bundleSha256", r.getBundleSha256());
    doc.put("timingsMs", new LinkedHashMap<>(r.getTimingsMs()));
    if (r.getQuality() != null) {
      doc.put("quality", quality(r.getQuality()));
    }
    doc.put("completedAt", r.getCompletedAt().toString());
    return doc;
  }

  private static Map<String, Object> quality(QualityMetrics q) {
    Map<String, Object> doc = new LinkedHashMap<>();
    putIfSet(doc, "reconstructionPsnr", q.getReconstructionPsnr());
    putIfSet(doc, "reconstructionSsim", q.getReconstructionSsim());
    putIfSet(doc, "psnrOutsideMask", q.getPsnrOutsideMask());
    putIfSet(doc, "ssimOutsideMask", q.getSsimOutsideMask());
    putIfSet(doc, "clipScore", q.getClipScore());
    putIfSet(doc, "directionalClip", q.getDirectionalClip());
    putIfSet(doc, "groundTruthAccuracy", q.getGroundTruthAccuracy());
    return doc;
  }

  private static Map<String, Object> blob(BlobRef ref) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("uri", ref.getUri());
    doc.put("sha256", ref.getSha256());
    doc.put("size", ref.getSize());
    doc.put("mediaType", ref.getMediaType());
    return doc;
  }

  private static void putIfSet(Map<String, Object> doc, String key, Object value) {
    if (value != null) {
      doc.put(key, value instanceof Number || value instanceof Boolean ? value : value.toString());
    }
  }
}
