package dev.editstream.deploy.stack;

import dev.editstream.schemas.avro.BlobRef;
import dev.editstream.schemas.avro.EditProgress;
import dev.editstream.schemas.avro.EditResult;
import dev.editstream.schemas.avro.RequestState;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The status document of a request, as JSON-ready maps: {@code requestId}, {@code stage}
 * (RESOLVING, DISPATCHED, TERMINAL, ...), {@code resolving} (what it waits for), {@code progress}
 * (the worker's latest step), {@code result} (once ended: status, reason, image, caption and its
 * source, mask, timings).
 */
final class RequestStatusDocument {

  private RequestStatusDocument() {}

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

  private static Map<String, Object> progress(EditProgress p) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("stage", p.getStage().name());
    doc.put("step", p.getStep());
    doc.put("totalSteps", p.getTotalSteps());
    putIfSet(doc, "message", p.getMessage());
    doc.put("at", p.getTimestamp().toString());
    return doc;
  }

  private static Map<String, Object> result(EditResult r) {
    Map<String, Object> doc = new LinkedHashMap<>();
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
    doc.put("completedAt", r.getCompletedAt().toString());
    return doc;
  }

  private static Map<String, Object> blob(BlobRef ref) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("uri", ref.getUri());
    doc.put("sha256", ref.getSha256());
    doc.put("size", ref.getSize());
    return doc;
  }

  private static void putIfSet(Map<String, Object> doc, String key, Object value) {
    if (value != null) {
      doc.put(key, value instanceof Number || value instanceof Boolean ? value : value.toString());
    }
  }
}
