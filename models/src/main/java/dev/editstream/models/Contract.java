package dev.editstream.models;

import dev.editstream.editing.BundleManifest.AttentionLayer;
import dev.editstream.editing.BundleManifest.SignatureSpec;
import dev.editstream.editing.BundleManifest.TensorSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model-bundle contract: which signatures a bundle has and, given its manifest's dimensions,
 * every input's and output's dtype and shape. The exporter writes these specs and the loader checks
 * the SavedModel against them, so both sides read the contract from here.
 */
public final class Contract {
  /** Signature names. */
  public static final String EMBED_TEXT = "embed_text";

  /** Image to projected image embedding. */
  public static final String EMBED_IMAGE = "embed_image";

  /** Image to latent. */
  public static final String ENCODE = "encode";

  /** Latent to image. */
  public static final String DECODE = "decode";

  /** Noise prediction and attention maps. */
  public static final String DENOISE = "denoise";

  /** Noise prediction under prompt-to-prompt attention control. */
  public static final String DENOISE_P2P = "denoise_p2p";

  /** Vector-Jacobian product of eps with respect to the context. */
  public static final String EPS_VJP_CONTEXT = "eps_vjp_context";

  /** The text projection W_t (D, E), for SD-IPC's pinv(W_t). */
  public static final String TEXT_PROJECTION = "text_projection";

  /** Every signature a bundle must have. */
  public static final List<String> SIGNATURES =
      List.of(
          EMBED_TEXT,
          EMBED_IMAGE,
          ENCODE,
          DECODE,
          DENOISE,
          DENOISE_P2P,
          EPS_VJP_CONTEXT,
          TEXT_PROJECTION);

  private static final String F32 = "float32";
  private static final String I32 = "int32";

  private Contract() {}

  /** Every signature's expected inputs and outputs for a bundle with these dimensions. */
  public static Map<String, SignatureSpec> signatures(
      int imageSize,
      List<Integer> latentShape,
      int contextLength,
      int contextDim,
      int embeddingDim,
      List<AttentionLayer> layers) {
    long s = imageSize;
    List<Long> image = List.of(-1L, s, s, 3L);
    List<Long> latent =
        List.of(
            -1L, (long) latentShape.get(0), (long) latentShape.get(1), (long) latentShape.get(2));
    List<Long> ctx = List.of(-1L, (long) contextLength, (long) contextDim);
    Map<String, SignatureSpec> out = new LinkedHashMap<>();
    out.put(
        EMBED_TEXT,
        spec(
            Map.of("token_ids", t(I32, -1L, (long) contextLength)),
            ordered(
                "context", new TensorSpec(F32, ctx), "pooled", t(F32, -1L, (long) embeddingDim))));
    out.put(
        EMBED_IMAGE,
        spec(
            Map.of("image", new TensorSpec(F32, image)),
            Map.of("embedding", t(F32, -1L, (long) embeddingDim))));
    out.put(
        ENCODE,
        spec(
            Map.of("image", new TensorSpec(F32, image)),
            Map.of("latent", new TensorSpec(F32, latent))));
    out.put(
        DECODE,
        spec(
            Map.of("latent", new TensorSpec(F32, latent)),
            Map.of("image", new TensorSpec(F32, image))));
    Map<String, TensorSpec> denoiseIn = new LinkedHashMap<>();
    denoiseIn.put("x_t", new TensorSpec(F32, latent));
    denoiseIn.put("t", t(I32, -1L));
    denoiseIn.put("context", new TensorSpec(F32, ctx));
    Map<String, TensorSpec> denoiseOut = new LinkedHashMap<>();
    denoiseOut.put("eps", new TensorSpec(F32, latent));
    for (AttentionLayer a : layers) {
      denoiseOut.put(a.name(), t(F32, -1L, a.heads(), a.queries(), a.keys()));
    }
    out.put(DENOISE, spec(denoiseIn, denoiseOut));
    Map<String, TensorSpec> p2pIn = new LinkedHashMap<>(denoiseIn);
    p2pIn.put("source_index", t(I32, -1L));
    p2pIn.put("token_map", t(F32, -1L, (long) contextLength, (long) contextLength));
    p2pIn.put("token_alpha", t(F32, -1L, (long) contextLength));
    p2pIn.put("cross_blend", t(F32, -1L));
    p2pIn.put("self_blend", t(F32, -1L));
    out.put(DENOISE_P2P, spec(p2pIn, denoiseOut));
    Map<String, TensorSpec> vjpIn = new LinkedHashMap<>(denoiseIn);
    vjpIn.put("eps_cotangent", new TensorSpec(F32, latent));
    out.put(
        EPS_VJP_CONTEXT,
        spec(
            vjpIn,
            ordered("eps", new TensorSpec(F32, latent), "d_context", new TensorSpec(F32, ctx))));
    out.put(
        TEXT_PROJECTION,
        spec(Map.of(), Map.of("projection", t(F32, (long) contextDim, (long) embeddingDim))));
    return out;
  }

  /** Every difference between what the SavedModel has and what the manifest promises. */
  static List<String> differences(
      Map<String, SignatureSpec> expected, Map<String, SignatureSpec> actual) {
    List<String> problems = new ArrayList<>();
    for (var e : expected.entrySet()) {
      SignatureSpec have = actual.get(e.getKey());
      if (have == null) {
        problems.add("signature '" + e.getKey() + "' is missing");
        continue;
      }
      compare(problems, e.getKey() + " input", e.getValue().inputs(), have.inputs());
      compare(problems, e.getKey() + " output", e.getValue().outputs(), have.outputs());
    }
    return problems;
  }

  private static void compare(
      List<String> problems,
      String what,
      Map<String, TensorSpec> want,
      Map<String, TensorSpec> have) {
    for (var e : want.entrySet()) {
      TensorSpec h = have.get(e.getKey());
      if (h == null) {
        problems.add(what + " '" + e.getKey() + "' is missing");
      } else if (!h.dtype().equals(e.getValue().dtype())) {
        problems.add(
            what + " '" + e.getKey() + "' is " + h.dtype() + ", expected " + e.getValue().dtype());
      } else if (!shapeFits(e.getValue().shape(), h.shape())) {
        problems.add(
            what
                + " '"
                + e.getKey()
                + "' has shape "
                + h.shape()
                + ", expected "
                + e.getValue().shape());
      }
    }
  }

  private static boolean shapeFits(List<Long> want, List<Long> have) {
    if (want.size() != have.size()) {
      return false;
    }
    for (int i = 0; i < want.size(); i++) {
      long w = want.get(i);
      long h = have.get(i);
      if (w != h && h != -1) {
        return false;
      }
    }
    return true;
  }

  private static SignatureSpec spec(Map<String, TensorSpec> in, Map<String, TensorSpec> out) {
    return new SignatureSpec(new LinkedHashMap<>(in), new LinkedHashMap<>(out));
  }

  private static Map<String, TensorSpec> ordered(
      String k1, TensorSpec v1, String k2, TensorSpec v2) {
    Map<String, TensorSpec> m = new LinkedHashMap<>();
    m.put(k1, v1);
    m.put(k2, v2);
    return m;
  }

  private static TensorSpec t(String dtype, long... dims) {
    List<Long> shape = new ArrayList<>();
    for (long d : dims) {
      shape.add(d);
    }
    return new TensorSpec(dtype, shape);
  }
}
