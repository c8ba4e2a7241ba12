package dev.editstream.it;

import dev.editstream.editing.BundleDescriptor;
import dev.editstream.editing.EditPlanner;
import dev.editstream.editing.Seeds;
import dev.editstream.models.BundleOptions;
import dev.editstream.schemas.InlineBytes;
import dev.editstream.schemas.avro.BlobRef;
import dev.editstream.schemas.avro.EditPlan;
import dev.editstream.schemas.avro.EditRequest;
import dev.editstream.schemas.blob.BlobStore;
import dev.editstream.workers.engine.EditEngine;
import dev.editstream.workers.engine.PlannedEditResult;
import dev.editstream.workers.engine.image.Mask;
import dev.editstream.workers.engine.image.SourceImage;
import dev.editstream.workers.engine.progress.StepListener;
import dev.editstream.workers.executor.RequestMasks;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * What the editing engine gives in this JVM for a request: planned as dispatch plans it (the
 * bundle's {@link EditPlanner}, the seed from {@link Seeds#forRequest}), run as the worker's
 * executor runs a job (the source decoded from its bytes, the request's mask rasterised at the
 * source's size, the engine opened with the bundle's SD-IPC calibration captions).
 */
final class EngineReference implements AutoCloseable {

  /** The bundle every test request is for. */
  static final Path BUNDLE = Path.of("../models/bundles/shapes32");

  /** An image's size and 8-bit RGB bytes (HWC). */
  record Rgb(int width, int height, byte[] bytes) {}

  private final BundleDescriptor bundle;
  private final EditPlanner planner;
  private final EditEngine engine;
  private final BlobStore blobs;

  /**
   * Loads the bundle.
   *
   * @param blobs where referenced images are read
   */
  EngineReference(BlobStore blobs) {
    this.bundle = BundleDescriptor.load(BUNDLE);
    this.planner = new EditPlanner(bundle);
    this.engine =
        EditEngine.open(BUNDLE, BundleOptions.defaults(), bundle.defaults().calibrationCaptions());
    this.blobs = blobs;
  }

  /** The bundle's sha256, as jobs and results name it. */
  String bundleSha256() {
    return bundle.sha256();
  }

  /** The plan dispatch makes of the request. */
  EditPlan plan(EditRequest request) {
    String caption = request.getSourceCaption();
    Long seed = request.getSampler() == null ? null : request.getSampler().getSeed();
    return planner.plan(
        request, caption == null ? "" : caption, Seeds.forRequest(request.getRequestId(), seed));
  }

  /** Runs the plan on the request's source and mask, as the worker does. */
  Rgb run(EditRequest request, EditPlan plan) {
    SourceImage source = SourceImage.decode(bytes(request.getImage()));
    Optional<Mask> mask =
        RequestMasks.rasterise(request.getMask(), source.height(), source.width(), this::bytes);
    PlannedEditResult r = engine.run(plan, source, mask, StepListener.none());
    return new Rgb(r.image().width(), r.image().height(), r.rgb8());
  }

  /** The bytes of an inline image or a blob reference. */
  byte[] bytes(Object image) {
    return image instanceof ByteBuffer b ? InlineBytes.of(b) : blobs.get((BlobRef) image);
  }

  /** Decodes an image with the JDK's ImageIO (not the engine's helpers) to its RGB bytes. */
  static Rgb decode(byte[] encoded) {
    BufferedImage img;
    try {
      img = ImageIO.read(new ByteArrayInputStream(encoded));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (img == null) {
      throw new AssertionError("not a readable image (" + encoded.length + " bytes)");
    }
    byte[] out = new byte[img.getWidth() * img.getHeight() * 3];
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int rgb = img.getRGB(x, y);
        int o = (y * img.getWidth() + x) * 3;
        out[o] = (byte) (rgb >> 16);
        out[o + 1] = (byte) (rgb >> 8);
        out[o + 2] = (byte) rgb;
      }
    }
    return new Rgb(img.getWidth(), img.getHeight(), out);
  }

  @Override
  public void close() {
    engine.close();
  }
}
