package dev.editstream.workers.engine.ipc;

import dev.editstream.editing.Tokenizer;
import dev.editstream.models.FloatTensor;
import dev.editstream.models.TextEmbedding;
import dev.editstream.workers.engine.image.RgbImage;
import dev.editstream.workers.engine.model.DiffusionModel;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SD-IPC's closed-form converter: {@code f_cnvrt = (‖f_txt_c‖ / ‖f_img_c‖) · pinv(W_tᵀ) · f_img_c},
 * where {@code pooled = eos · W_t} is the bundle's text projection, {@code f_img_c} an image's
 * projected embedding and {@code ‖f_txt_c‖} the mean norm of pooled text embeddings measured on
 * calibration captions (the paper's constant 27 is CLIP ViT-L's value of the same quantity).
 * Immutable after construction; thread-safe.
 */
public final class ImagePromptConverter {
  private static final Logger LOG = LoggerFactory.getLogger(ImagePromptConverter.class);

  /**
   * Singular values of W_t below this share of the largest are dropped (SD-IPC drops those under
   * 0.3 for CLIP ViT-L). Measured on shapes32 (encoders at step 1500, 100 held-out scenes, exact
   * token-space captions): 68% with no truncation, 91% at 0.01, 94% from 0.05 to 0.2.
   */
  public static final double DEFAULT_RELATIVE_CUT = 0.05;

  private final DiffusionModel model;
  private final double[][] inverse;
  private final double textNorm;
  private final float[] startToken;

  private ImagePromptConverter(
      DiffusionModel model, double[][] inverse, double textNorm, float[] startToken) {
    this.model = model;
    this.inverse = inverse;
    this.textNorm = textNorm;
    this.startToken = startToken;
  }

  /**
   * Builds the converter: pinv of the text projection (singular values under {@code relativeCut ·
   * σmax} dropped) and the mean pooled-text norm over {@code calibration} captions.
   */
  public static ImagePromptConverter create(
      DiffusionModel model, List<String> calibration, double relativeCut) {
    FloatTensor wt = model.textProjection();
    int d = wt.dim(0);
    int e = wt.dim(1);
    double[][] w = new double[d][e];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < e; j++) {
        w[i][j] = wt.get(i * e + j);
      }
    }
    double[][] inverse = PseudoInverse.ofTranspose(w, 0, relativeCut);
    TextEmbedding emb = model.embed(calibration);
    float[][] pooled = DiffusionModel.split(emb.pooled().values(), calibration.size());
    double sum = 0;
    for (float[] p : pooled) {
      sum += norm(p);
    }
    double textNorm = sum / pooled.length;
    float[] empty = model.emptyContext();
    float[] sos = java.util.Arrays.copyOf(empty, model.contextDim());
    LOG.info(
        "SD-IPC converter: W_t {}x{}, mean pooled text norm {} over {} captions",
        d,
        e,
        String.format(java.util.Locale.ROOT, "%.3f", textNorm),
        calibration.size());
    return new ImagePromptConverter(model, inverse, textNorm, sos);
  }

  /**
   * The same converter calling through {@code view}, e.g. a job's {@link DiffusionModel#metered()}
   * view, so that its calls count there.
   *
   * @throws IllegalArgumentException when {@code view} is over another bundle
   */
  public ImagePromptConverter on(DiffusionModel view) {
    if (!view.bundleSha256().equals(model.bundleSha256())) {
      throw new IllegalArgumentException(
          "the converter was built for bundle "
              + model.bundleSha256()
              + ", not "
              + view.bundleSha256());
    }
    return new ImagePromptConverter(view, inverse, textNorm, startToken);
  }

  /** The measured mean norm of pooled text embeddings (the paper's "27"). */
  public double textNorm() {
    return textNorm;
  }

  /** The converted token embedding f_cnvrt (D floats) of an image. */
  public float[] convert(RgbImage image) {
    return convertEmbedding(model.embedImages(List.of(image))[0]);
  }

  /** f_cnvrt of a projected image embedding. */
  public float[] convertEmbedding(float[] imageEmbedding) {
    double scale = textNorm / norm(imageEmbedding);
    float[] out = new float[inverse.length];
    for (int i = 0; i < inverse.length; i++) {
      double acc = 0;
      for (int j = 0; j < imageEmbedding.length; j++) {
        acc += inverse[i][j] * imageEmbedding[j];
      }
      out[i] = (float) (scale * acc);
    }
    return out;
  }

  /** SD-IPC's pseudo-prompt (Eq. 7): the start token's context, then f_cnvrt at every position. */
  public float[] pseudoPrompt(RgbImage image) {
    float[] f = convert(image);
    int dim = model.contextDim();
    float[] ctx = new float[model.contextLength() * dim];
    System.arraycopy(startToken, 0, ctx, 0, dim);
    for (int p = 1; p < model.contextLength(); p++) {
      System.arraycopy(f, 0, ctx, p * dim, dim);
    }
    return ctx;
  }

  /**
   * SD-IPC's image + text prompt (Eq. 8): the text's context with its EOS and padding positions
   * replaced by {@code f_cnvrt + alpha · f_eos(text)}.
   */
  public float[] withText(RgbImage image, String text, double alpha) {
    float[] f = convert(image);
    int[] ids = model.tokenizer().encode(text);
    int eos = Tokenizer.eosPosition(ids);
    float[] ctx = model.embedTokens(new int[][] {ids}).context().values();
    int dim = model.contextDim();
    float[] comb = new float[dim];
    for (int i = 0; i < dim; i++) {
      comb[i] = (float) (f[i] + alpha * ctx[eos * dim + i]);
    }
    for (int p = eos; p < model.contextLength(); p++) {
      System.arraycopy(comb, 0, ctx, p * dim, dim);
    }
    return ctx;
  }

  static double norm(float[] v) {
    double s = 0;
    for (float x : v) {
      s += (double) x * x;
    }
    return Math.sqrt(s);
  }
}
