package dev.editstream.editing;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bundle's {@code bundle.json}: what the SavedModel beside it is and how to call it. See {@code
 * docs/model-bundle.md} for every field.
 *
 * @param name bundle name, e.g. "shapes32"
 * @param version bundle version
 * @param variablesSha256 SHA-256 (hex) over the files of {@code variables/}, in name order
 * @param imageSize image height and width in pixels
 * @param latentShape the latent's (H, W, C) that {@code encode} returns and the UNet works on
 * @param valueRange minimum and maximum pixel value
 * @param layout tensor layout, "NHWC"
 * @param noiseSchedule the diffusion noise schedule the UNet was trained with
 * @param tokenizer the tokenizer
 * @param contextLength L, tokens per prompt
 * @param contextDim D, width of the per-token context
 * @param textEmbeddingDim E, width of the pooled text and image embeddings
 * @param attentionLayers every attention layer whose probabilities {@code denoise} returns
 * @param signatures every signature's inputs and outputs
 * @param training how the bundle was trained (free-form, for the model card)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BundleManifest(
    String name,
    String version,
    String variablesSha256,
    int imageSize,
    List<Integer> latentShape,
    List<Float> valueRange,
    String layout,
    NoiseSchedule noiseSchedule,
    TokenizerSpec tokenizer,
    int contextLength,
    int contextDim,
    int textEmbeddingDim,
    List<AttentionLayer> attentionLayers,
    Map<String, SignatureSpec> signatures,
    Map<String, Object> training) {

  /** The file name inside a bundle directory. */
  public static final String FILE = "bundle.json";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
          .enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * The noise schedule.
   *
   * @param schedule "scaled_linear" (sqrt-space linear, Stable Diffusion) or "linear"
   * @param betaStart first beta
   * @param betaEnd last beta
   * @param trainTimesteps T
   * @param predictionType what the UNet predicts: "epsilon"
   */
  public record NoiseSchedule(
      String schedule,
      double betaStart,
      double betaEnd,
      int trainTimesteps,
      String predictionType) {
    /** The T betas of this schedule. */
    public double[] betas() {
      double[] b = new double[trainTimesteps];
      for (int i = 0; i < trainTimesteps; i++) {
        double f = trainTimesteps == 1 ? 0 : i / (double) (trainTimesteps - 1);
        if ("scaled_linear".equals(schedule)) {
          double s = Math.sqrt(betaStart) + f * (Math.sqrt(betaEnd) - Math.sqrt(betaStart));
          b[i] = s * s;
        } else if ("linear".equals(schedule)) {
          b[i] = betaStart + f * (betaEnd - betaStart);
        } else {
          throw new IllegalStateException("unknown schedule " + schedule);
        }
      }
      return b;
    }

    /** The cumulative products alpha-bar_t of (1 - beta). */
    public double[] alphasCumprod() {
      double[] b = betas();
      double[] a = new double[b.length];
      double p = 1;
      for (int i = 0; i < b.length; i++) {
        p *= 1 - b[i];
        a[i] = p;
      }
      return a;
    }
  }

  /**
   * The tokenizer.
   *
   * @param type "word"
   * @param vocabulary every token by id, starting with {@code <pad>}, {@code <sos>}, {@code <eos>}
   */
  public record TokenizerSpec(String type, List<String> vocabulary) {}

  /**
   * One attention layer.
   *
   * @param name the layer's name, also its output name in {@code denoise}
   * @param kind "cross" (keys are the context tokens) or "self" (keys are the pixels)
   * @param resolution feature-map side in pixels
   * @param heads attention heads
   * @param queries HW, the number of query positions
   * @param keys L for cross layers, HW for self layers
   */
  public record AttentionLayer(
      String name, String kind, int resolution, int heads, int queries, int keys) {
    /** Whether the keys are the context tokens. */
    public boolean isCross() {
      return "cross".equals(kind);
    }
  }

  /**
   * A signature's inputs and outputs, by name.
   *
   * @param inputs input tensors
   * @param outputs output tensors
   */
  public record SignatureSpec(Map<String, TensorSpec> inputs, Map<String, TensorSpec> outputs) {}

  /**
   * A tensor's dtype and shape; -1 stands for any size (the batch).
   *
   * @param dtype "float32" or "int32"
   * @param shape dimensions
   */
  public record TensorSpec(String dtype, List<Long> shape) {}

  /** Reads and checks {@code bundle.json} of a bundle directory. */
  public static BundleManifest read(Path dir) {
    Path file = dir.resolve(FILE);
    BundleManifest m;
    try {
      m = JSON.readValue(file.toFile(), BundleManifest.class);
    } catch (NoSuchFileException | java.io.FileNotFoundException e) {
      throw new BundleException(BundleException.Reason.MISSING_FILE, "no " + FILE + " in " + dir);
    } catch (IOException e) {
      throw new BundleException(
          BundleException.Reason.INVALID_MANIFEST,
          FILE + " in " + dir + " is not valid: " + e.getMessage());
    }
    List<String> problems = m.problems();
    if (!problems.isEmpty()) {
      throw new BundleException(
          BundleException.Reason.INVALID_MANIFEST, FILE + ": " + String.join("; ", problems));
    }
    return m;
  }

  /** Writes this manifest as {@code bundle.json} into a directory. */
  public void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    JSON.writeValue(dir.resolve(FILE).toFile(), this);
  }

  /** The tokenizer this bundle was trained with. */
  public Tokenizer newTokenizer() {
    return Tokenizer.of(
        tokenizer.vocabulary().subList(Tokenizer.SPECIAL.size(), tokenizer.vocabulary().size()),
        contextLength);
  }

  /** The attention layers as an ordered map by name. */
  public Map<String, AttentionLayer> attentionByName() {
    Map<String, AttentionLayer> out = new LinkedHashMap<>();
    attentionLayers.forEach(a -> out.put(a.name(), a));
    return out;
  }

  /** What is missing or wrong in this manifest, empty when it is complete. */
  List<String> problems() {
    List<String> p = new ArrayList<>();
    require(p, name, "name");
    require(p, version, "version");
    require(p, variablesSha256, "variablesSha256");
    require(p, latentShape, "latentShape");
    require(p, valueRange, "valueRange");
    require(p, layout, "layout");
    require(p, noiseSchedule, "noiseSchedule");
    require(p, tokenizer, "tokenizer");
    require(p, attentionLayers, "attentionLayers");
    require(p, signatures, "signatures");
    if (imageSize <= 0) {
      p.add("imageSize must be > 0");
    }
    if (contextLength < 2 || contextDim <= 0 || textEmbeddingDim <= 0) {
      p.add("contextLength, contextDim and textEmbeddingDim must be positive");
    }
    if (latentShape != null && latentShape.size() != 3) {
      p.add("latentShape must be (H, W, C), got " + latentShape);
    }
    if (tokenizer != null
        && (tokenizer.vocabulary() == null
            || tokenizer.vocabulary().size() < Tokenizer.SPECIAL.size()
            || !tokenizer.vocabulary().subList(0, 3).equals(Tokenizer.SPECIAL))) {
      p.add("tokenizer.vocabulary must start with " + Tokenizer.SPECIAL);
    }
    if (noiseSchedule != null) {
      try {
        noiseSchedule.betas();
      } catch (IllegalStateException e) {
        p.add("noiseSchedule: " + e.getMessage());
      }
    }
    return p;
  }

  private static void require(List<String> problems, Object value, String field) {
    if (value == null) {
      problems.add("missing field '" + field + "'");
    }
  }
}
