package dev.editstream.models;

import dev.editstream.editing.BundleException;
import dev.editstream.editing.BundleException.Reason;
import dev.editstream.editing.BundleManifest;
import dev.editstream.editing.BundleManifest.SignatureSpec;
import dev.editstream.editing.BundleManifest.TensorSpec;
import dev.editstream.editing.Tokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GPUOptions;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A loaded model bundle: a TensorFlow SavedModel checked against its {@code bundle.json} and the
 * {@link Contract}, with typed calls on plain Java values. Every tensor a call creates is freed
 * before the call returns. Calls are thread-safe and may run concurrently; {@link #close()} must
 * not overlap a call.
 */
public final class ModelBundle implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ModelBundle.class);

  /** Name of the SavedModel tag a bundle is exported with. */
  public static final String TAG = "serve";

  private final Path dir;
  private final BundleManifest manifest;
  private final Tokenizer tokenizer;
  private final SavedModelBundle model;
  private final String device;
  private final Map<String, SessionFunction> functions = new LinkedHashMap<>();

  private ModelBundle(Path dir, BundleManifest manifest, SavedModelBundle model, String device) {
    this.dir = dir;
    this.device = device;
    this.manifest = manifest;
    this.tokenizer = manifest.newTokenizer();
    this.model = model;
    for (String name : Contract.SIGNATURES) {
      functions.put(name, model.function(name));
    }
  }

  /**
   * Loads and validates a bundle directory.
   *
   * @throws BundleException naming what is missing, mis-typed or mis-shaped
   */
  public static ModelBundle load(Path dir, BundleOptions options) {
    long start = System.nanoTime();
    BundleManifest manifest = BundleManifest.read(dir);
    checkFiles(dir, manifest);
    Map<String, SignatureSpec> expected = expectedSignatures(manifest);
    List<String> manifestProblems = Contract.differences(expected, manifest.signatures());
    if (!manifestProblems.isEmpty()) {
      throw new BundleException(
          Reason.INVALID_MANIFEST,
          "bundle.json signatures: " + String.join("; ", manifestProblems));
    }
    ConfigProto config = sessionConfig(options);
    String device = device(options, config);
    SavedModelBundle model;
    try {
      model = SavedModelBundle.loader(dir.toString()).withTags(TAG).withConfigProto(config).load();
    } catch (TensorFlowException | IllegalArgumentException e) {
      throw new BundleException(Reason.RUNTIME, "cannot load the SavedModel in " + dir, e);
    }
    try {
      List<String> problems = Contract.differences(expected, actualSignatures(model));
      if (!problems.isEmpty()) {
        throw new BundleException(
            Reason.CONTRACT_VIOLATION, "SavedModel in " + dir + ": " + String.join("; ", problems));
      }
      ModelBundle bundle = new ModelBundle(dir, manifest, model, device);
      LOG.info(
          "loaded bundle {} {} from {} in {} ms on {} (intra={}, inter={})",
          manifest.name(),
          manifest.version(),
          dir,
          (System.nanoTime() - start) / 1_000_000,
          device,
          options.intraOpThreads(),
          options.interOpThreads());
      return bundle;
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /**
   * The session configuration: threads, and the device. The CPU hides every GPU; a GPU is the only
   * one TensorFlow is shown, with memory growth as asked.
   */
  static ConfigProto sessionConfig(BundleOptions options) {
    ConfigProto.Builder config =
        ConfigProto.newBuilder()
            .setIntraOpParallelismThreads(options.intraOpThreads())
            .setInterOpParallelismThreads(options.interOpThreads());
    if (options.device().isGpu()) {
      config.setGpuOptions(
          GPUOptions.newBuilder()
              .setVisibleDeviceList(Integer.toString(options.device().gpuIndex()))
              .setAllowGrowth(options.gpuMemoryGrowth()));
    } else {
      config.putDeviceCount("GPU", 0);
    }
    return config.build();
  }

  /**
   * What the graphs will run on, as one line for the operator; refuses a GPU that TensorFlow does
   * not see (a CPU build of TensorFlow, no CUDA, or another index).
   */
  private static String device(BundleOptions options, ConfigProto config) {
    if (!options.device().isGpu()) {
      return "CPU";
    }
    List<Devices.Device> gpus =
        Devices.visible(config).stream().filter(d -> d.type().equals("GPU")).toList();
    if (gpus.isEmpty()) {
      throw new BundleException(
          Reason.RUNTIME,
          "device "
              + options.device()
              + " asked for, but TensorFlow sees no GPU: build with the Maven profile gpu"
              + " (TensorFlow's GPU native build) on a machine with CUDA, see docs/gpu.md");
    }
    Devices.Device gpu = gpus.get(0);
    return "GPU "
        + gpu.name()
        + " ("
        + gpu.memoryBytes() / (1024 * 1024)
        + " MiB, memory growth "
        + (options.gpuMemoryGrowth() ? "on" : "off")
        + ")";
  }

  /** The device the bundle's graphs run on, as {@link #load} logged it ({@code CPU}, or a GPU). */
  public String device() {
    return device;
  }

  /** The signatures the contract requires of a bundle with this manifest's dimensions. */
  static Map<String, SignatureSpec> expectedSignatures(BundleManifest m) {
    return Contract.signatures(
        m.imageSize(),
        m.latentShape(),
        m.contextLength(),
        m.contextDim(),
        m.textEmbeddingDim(),
        m.attentionLayers());
  }

  private static void checkFiles(Path dir, BundleManifest manifest) {
    if (!Files.isRegularFile(dir.resolve("saved_model.pb"))) {
      throw new BundleException(Reason.MISSING_FILE, "no saved_model.pb in " + dir);
    }
    Path vars = dir.resolve("variables");
    if (!Files.isDirectory(vars)) {
      throw new BundleException(Reason.MISSING_FILE, "no variables/ directory in " + dir);
    }
    String sha = variablesSha256(dir);
    if (!sha.equalsIgnoreCase(manifest.variablesSha256())) {
      throw new BundleException(
          Reason.CHECKSUM_MISMATCH,
          "variables/ in "
              + dir
              + " hash to "
              + sha
              + ", bundle.json says "
              + manifest.variablesSha256());
    }
  }

  /** SHA-256 (hex) over the bytes of every file in {@code dir/variables}, in file-name order. */
  public static String variablesSha256(Path dir) {
    try (Stream<Path> files = Files.list(dir.resolve("variables"))) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        try (InputStream in = Files.newInputStream(f)) {
          for (int n; (n = in.read(buf)) > 0; ) {
            md.update(buf, 0, n);
          }
        }
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (IOException e) {
      throw new BundleException(Reason.MISSING_FILE, "cannot read variables/ in " + dir, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, SignatureSpec> actualSignatures(SavedModelBundle model) {
    Map<String, SignatureSpec> out = new LinkedHashMap<>();
    for (Signature s : model.signatures()) {
      out.put(s.key(), new SignatureSpec(describe(s.getInputs()), describe(s.getOutputs())));
    }
    return out;
  }

  private static Map<String, TensorSpec> describe(Map<String, Signature.TensorDescription> in) {
    Map<String, TensorSpec> out = new LinkedHashMap<>();
    in.forEach(
        (name, d) -> {
          List<Long> dims = new ArrayList<>();
          if (!d.shape.isUnknown()) {
            for (long x : d.shape.asArray()) {
              dims.add(x);
            }
          }
          out.put(name, new TensorSpec(dtypeName(d.dataType), dims));
        });
    return out;
  }

  private static String dtypeName(DataType t) {
    return switch (t) {
      case DT_FLOAT -> "float32";
      case DT_INT32 -> "int32";
      default -> t.name();
    };
  }

  /** The bundle's manifest. */
  public BundleManifest manifest() {
    return manifest;
  }

  /** The bundle's tokenizer. */
  public Tokenizer tokenizer() {
    return tokenizer;
  }

  /** The directory the bundle was loaded from. */
  public Path directory() {
    return dir;
  }

  /** {@code embed_text}: token ids (B, L) to context (B, L, D) and pooled embedding (B, E). */
  public TextEmbedding embedText(IntTensor tokenIds) {
    expectShape("token_ids", tokenIds.shape(), -1, manifest.contextLength());
    try (TInt32 ids = ints(tokenIds);
        Result r = call(Contract.EMBED_TEXT, Map.of("token_ids", ids))) {
      return new TextEmbedding(read(r, "context"), read(r, "pooled"));
    }
  }

  /** {@code embed_text} for prompts, tokenized with the bundle's tokenizer. */
  public TextEmbedding embedPrompts(List<String> prompts) {
    int[][] rows = prompts.stream().map(tokenizer::encode).toArray(int[][]::new);
    return embedText(IntTensor.ofRows(rows));
  }

  /** {@code embed_image}: images (B, S, S, 3) to projected embeddings (B, E). */
  public FloatTensor embedImage(FloatTensor images) {
    expectShape("image", images.shape(), -1, manifest.imageSize(), manifest.imageSize(), 3);
    try (TFloat32 x = floats(images);
        Result r = call(Contract.EMBED_IMAGE, Map.of("image", x))) {
      return read(r, "embedding");
    }
  }

  /** {@code encode}: images to latents. */
  public FloatTensor encode(FloatTensor images) {
    try (TFloat32 x = floats(images);
        Result r = call(Contract.ENCODE, Map.of("image", x))) {
      return read(r, "latent");
    }
  }

  /** {@code decode}: latents to images. */
  public FloatTensor decode(FloatTensor latents) {
    try (TFloat32 x = floats(latents);
        Result r = call(Contract.DECODE, Map.of("latent", x))) {
      return read(r, "image");
    }
  }

  /** The text projection W_t, (D, E): pooled = eosOutput @ W_t. */
  public FloatTensor textProjection() {
    try (Result r = call(Contract.TEXT_PROJECTION, Map.of())) {
      return read(r, "projection");
    }
  }

  /**
   * {@code denoise}: eps and every attention layer's probabilities.
   *
   * @param xT noisy latents (B, H, W, C)
   * @param t timesteps, one per row, in [0, T)
   * @param context text context (B, L, D)
   */
  public DenoiseOutput denoise(FloatTensor xT, int[] t, FloatTensor context) {
    checkDenoiseInputs(xT, t, context);
    try (TFloat32 x = floats(xT);
        TInt32 tt = ints(IntTensor.of(t, t.length));
        TFloat32 c = floats(context);
        Result r = call(Contract.DENOISE, Map.of("x_t", x, "t", tt, "context", c))) {
      return denoiseOutput(r);
    }
  }

  /** {@code denoise_p2p}: {@link #denoise} under prompt-to-prompt attention control. */
  public DenoiseOutput denoiseP2p(
      FloatTensor xT, int[] t, FloatTensor context, AttentionControl control) {
    checkDenoiseInputs(xT, t, context);
    if (control.batch() != t.length || control.tokenMap().dim(1) != manifest.contextLength()) {
      throw new BundleException(
          Reason.BAD_INPUT,
          "attention control for batch " + control.batch() + " does not fit batch " + t.length);
    }
    try (TFloat32 x = floats(xT);
        TInt32 tt = ints(IntTensor.of(t, t.length));
        TFloat32 c = floats(context);
        TInt32 src = ints(IntTensor.of(control.sourceIndex(), t.length));
        TFloat32 map = floats(control.tokenMap());
        TFloat32 alpha = floats(control.tokenAlpha());
        TFloat32 cross = floats(FloatTensor.wrap(control.crossBlend(), t.length));
        TFloat32 self = floats(FloatTensor.wrap(control.selfBlend(), t.length));
        Result r =
            call(
                Contract.DENOISE_P2P,
                Map.of(
                    "x_t",
                    x,
                    "t",
                    tt,
                    "context",
                    c,
                    "source_index",
                    src,
                    "token_map",
                    map,
                    "token_alpha",
                    alpha,
                    "cross_blend",
                    cross,
                    "self_blend",
                    self))) {
      return denoiseOutput(r);
    }
  }

  /**
   * {@code eps_vjp_context}: eps and d(sum(epsCotangent * eps)) / d(context), for null-text
   * inversion.
   */
  public ContextGradient epsVjpContext(
      FloatTensor xT, int[] t, FloatTensor context, FloatTensor epsCotangent) {
    checkDenoiseInputs(xT, t, context);
    expectShape("eps_cotangent", epsCotangent.shape(), xT.shape());
    try (TFloat32 x = floats(xT);
        TInt32 tt = ints(IntTensor.of(t, t.length));
        TFloat32 c = floats(context);
        TFloat32 cot = floats(epsCotangent);
        Result r =
            call(
                Contract.EPS_VJP_CONTEXT,
                Map.of("x_t", x, "t", tt, "context", c, "eps_cotangent", cot))) {
      return new ContextGradient(read(r, "eps"), read(r, "d_context"));
    }
  }

  private DenoiseOutput denoiseOutput(Result r) {
    Map<String, FloatTensor> attn = new LinkedHashMap<>();
    for (BundleManifest.AttentionLayer a : manifest.attentionLayers()) {
      attn.put(a.name(), read(r, a.name()));
    }
    return new DenoiseOutput(read(r, "eps"), attn);
  }

  private void checkDenoiseInputs(FloatTensor xT, int[] t, FloatTensor context) {
    List<Integer> l = manifest.latentShape();
    expectShape("x_t", xT.shape(), t.length, l.get(0), l.get(1), l.get(2));
    expectShape(
        "context", context.shape(), t.length, manifest.contextLength(), manifest.contextDim());
    int steps = manifest.noiseSchedule().trainTimesteps();
    for (int v : t) {
      if (v < 0 || v >= steps) {
        throw new BundleException(
            Reason.BAD_INPUT, "timestep " + v + " outside [0, " + steps + ")");
      }
    }
  }

  private static void expectShape(String what, int[] have, int... want) {
    boolean ok = have.length == want.length;
    for (int i = 0; ok && i < want.length; i++) {
      ok = want[i] == -1 || want[i] == have[i];
    }
    if (!ok) {
      throw new BundleException(
          Reason.BAD_INPUT,
          what
              + " has shape "
              + java.util.Arrays.toString(have)
              + ", expected "
              + java.util.Arrays.toString(want)
              + " (-1 = any)");
    }
  }

  private Result call(String signature, Map<String, Tensor> inputs) {
    try {
      return functions.get(signature).call(inputs);
    } catch (TensorFlowException e) {
      throw new BundleException(Reason.RUNTIME, signature + " failed: " + e.getMessage(), e);
    }
  }

  private static FloatTensor read(Result r, String name) {
    Tensor t =
        r.get(name)
            .orElseThrow(() -> new BundleException(Reason.RUNTIME, "no output '" + name + "'"));
    TFloat32 f = (TFloat32) t;
    long[] dims = f.shape().asArray();
    int[] shape = new int[dims.length];
    for (int i = 0; i < dims.length; i++) {
      shape[i] = Math.toIntExact(dims[i]);
    }
    float[] values = new float[FloatTensor.count(shape)];
    f.copyTo(DataBuffers.of(values, false, false));
    return FloatTensor.wrap(values, shape);
  }

  static TFloat32 floats(FloatTensor t) {
    return TFloat32.tensorOf(shapeOf(t.shape()), DataBuffers.of(t.array(), true, false));
  }

  static TInt32 ints(IntTensor t) {
    return TInt32.tensorOf(shapeOf(t.shape()), DataBuffers.of(t.array(), true, false));
  }

  private static Shape shapeOf(int[] dims) {
    long[] l = new long[dims.length];
    for (int i = 0; i < dims.length; i++) {
      l[i] = dims[i];
    }
    return Shape.of(l);
  }

  /** Frees the TensorFlow session and graph. */
  @Override
  public void close() {
    model.close();
  }
}
