package dev.editstream.workers.engine.model;

import dev.editstream.models.AttentionControl;
import dev.editstream.models.ContextGradient;
import dev.editstream.models.DenoiseOutput;
import dev.editstream.models.FloatTensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Checks a {@link BatchLayout} on the bundle and build at hand: for each padded size, one job's
 * rows are placed at every position of an otherwise zero batch, and the size is safe for a call
 * when every position returns the same bits as the first. Bits, not tolerances: a replay verifies a
 * result by its hash.
 */
public final class BatchLayoutProbe {

  private static final int TIMESTEP = 481;
  private static final String PROMPT = "a large red circle on a blue background";

  private final DiffusionModel model;
  private final float[] latent;
  private final float[] cotangent;
  private final float[] context;

  /**
   * A probe with inputs drawn from a seed.
   *
   * @param model the bundle to probe
   * @param seed the inputs' seed
   */
  public BatchLayoutProbe(DiffusionModel model, long seed) {
    this.model = model.unbatched();
    Random random = new Random(seed);
    this.latent = gaussian(random, model.latentSize());
    this.cotangent = gaussian(random, model.latentSize());
    this.context = this.model.context(PROMPT);
  }

  /**
   * Every padded size of the layout that is not safe for some call, one line each; empty when the
   * whole layout is safe. Safe means every position of every size gives the bits the job gets at
   * position 0 of the smallest size: a worker picks the size by how many jobs run at once, so the
   * bits must not depend on the size either.
   */
  public List<String> problems(BatchLayout layout) {
    List<String> problems = new ArrayList<>();
    for (DenoiserCall call : DenoiserCall.values()) {
      List<Integer> sizes = fitting(layout, call);
      int smallest = sizes.get(0);
      List<float[]> reference = run(call, smallest, 0);
      for (int size : sizes) {
        List<Integer> unsafe = positionsDiffering(call, size, reference);
        if (!unsafe.isEmpty()) {
          problems.add(
              call
                  + " at "
                  + size
                  + " rows: positions "
                  + unsafe
                  + " differ from position 0 at "
                  + smallest
                  + " rows");
        }
      }
    }
    return problems;
  }

  /**
   * The quick check a worker runs at start-up, one call per signature and size: every place of each
   * size holds a copy of the probe's job, and each copy must give the bits the job gets alone at
   * the smallest size. It relies on what {@link #problems} checks in full (a row's bits do not
   * depend on its neighbours), so it catches a size whose places differ, which is what changes with
   * the CPU or the build.
   */
  public List<String> quickProblems(BatchLayout layout) {
    List<String> problems = new ArrayList<>();
    for (DenoiserCall call : DenoiserCall.values()) {
      int rows = call == DenoiserCall.DENOISE_P2P ? 2 : 1;
      List<Integer> sizes = fitting(layout, call);
      List<float[]> reference = run(call, sizes.get(0), List.of(0)).get(0);
      for (int size : sizes) {
        List<Integer> places = new ArrayList<>();
        for (int at = 0; at + rows <= size; at += rows) {
          places.add(at);
        }
        List<List<float[]>> copies = run(call, size, places);
        List<Integer> unsafe = new ArrayList<>();
        for (int i = 0; i < places.size(); i++) {
          if (!sameBits(reference, copies.get(i))) {
            unsafe.add(places.get(i));
          }
        }
        if (!unsafe.isEmpty()) {
          problems.add(call + " at " + size + " rows: copies at " + unsafe + " differ");
        }
      }
    }
    return problems;
  }

  /**
   * The layout's sizes a job's call can run at: a prompt-to-prompt call has at least a source row
   * and its target, so a 1-row size never holds one.
   */
  private static List<Integer> fitting(BatchLayout layout, DenoiserCall call) {
    int rows = call == DenoiserCall.DENOISE_P2P ? 2 : 1;
    List<Integer> sizes = layout.paddedSizes().stream().filter(s -> s >= rows).toList();
    if (sizes.isEmpty()) {
      throw new IllegalArgumentException("no size of " + layout + " holds a " + call + " call");
    }
    return sizes;
  }

  private static boolean sameBits(List<float[]> a, List<float[]> b) {
    for (int k = 0; k < a.size(); k++) {
      if (!Arrays.equals(a.get(k), b.get(k))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The positions of a zero-padded batch of {@code size} rows at which the probe's job gets other
   * bits than at position 0 of the same size.
   */
  public List<Integer> unsafePositions(DenoiserCall call, int size) {
    return positionsDiffering(call, size, run(call, size, 0));
  }

  private List<Integer> positionsDiffering(DenoiserCall call, int size, List<float[]> reference) {
    int rows = call == DenoiserCall.DENOISE_P2P ? 2 : 1;
    if (size < rows) {
      throw new IllegalArgumentException(call + " needs at least " + rows + " rows, not " + size);
    }
    List<Integer> unsafe = new ArrayList<>();
    for (int at = 0; at + rows <= size; at += rows) {
      List<float[]> here = run(call, size, at);
      for (int k = 0; k < reference.size(); k++) {
        if (!Arrays.equals(reference.get(k), here.get(k))) {
          unsafe.add(at);
          break;
        }
      }
    }
    return unsafe;
  }

  /** The probe job's output rows, every output of the call, with the job at {@code at}. */
  private List<float[]> run(DenoiserCall call, int size, int at) {
    return run(call, size, List.of(at)).get(0);
  }

  /** The output rows of a copy of the probe job at each place, in one call. */
  private List<List<float[]>> run(DenoiserCall call, int size, List<Integer> places) {
    int rows = call == DenoiserCall.DENOISE_P2P ? 2 : 1;
    float[][] latents = new float[size][model.latentSize()];
    float[][] contexts = new float[size][context.length];
    float[][] cotangents = new float[size][model.latentSize()];
    int[] t = new int[size];
    for (int at : places) {
      for (int r = at; r < at + rows; r++) {
        latents[r] = latent;
        contexts[r] = context;
        cotangents[r] = cotangent;
        t[r] = TIMESTEP;
      }
    }
    List<FloatTensor> outputs = new ArrayList<>();
    switch (call) {
      case DENOISE -> add(outputs, model.denoise(latents, t, contexts));
      case DENOISE_P2P ->
          add(outputs, model.denoiseP2p(latents, t, contexts, injected(size, places)));
      case EPS_VJP_CONTEXT -> {
        ContextGradient g = model.epsVjpContext(latents, t, contexts, cotangents);
        outputs.add(g.eps());
        outputs.add(g.dContext());
      }
    }
    List<List<float[]>> perPlace = new ArrayList<>();
    for (int at : places) {
      List<float[]> slices = new ArrayList<>();
      for (FloatTensor out : outputs) {
        int per = out.size() / out.dim(0);
        slices.add(Arrays.copyOfRange(out.values(), at * per, (at + rows) * per));
      }
      perPlace.add(slices);
    }
    return perPlace;
  }

  private static void add(List<FloatTensor> outputs, DenoiseOutput out) {
    outputs.add(out.eps());
    outputs.addAll(out.attention().values());
  }

  /** Row {@code at + 1} takes its attention from row {@code at}, as an edit's target does. */
  private AttentionControl injected(int size, List<Integer> places) {
    int length = model.contextLength();
    AttentionControl none = AttentionControl.none(size, length);
    int[] source = none.sourceIndex();
    float[] alpha = none.tokenAlpha().values();
    float[] cross = new float[size];
    float[] self = new float[size];
    for (int at : places) {
      source[at + 1] = at;
      Arrays.fill(alpha, (at + 1) * length, (at + 2) * length, 1f);
      cross[at + 1] = 0.8f;
      self[at + 1] = 0.4f;
    }
    return new AttentionControl(
        source, none.tokenMap(), FloatTensor.of(alpha, size, length), cross, self);
  }

  private static float[] gaussian(Random random, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return v;
  }
}
