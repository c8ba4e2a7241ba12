package dev.editstream.workers.engine;

import dev.editstream.models.BundleOptions;
import dev.editstream.models.ModelBundle;
import dev.editstream.workers.engine.edit.EditResult;
import dev.editstream.workers.engine.edit.Editor;
import dev.editstream.workers.engine.edit.PromptEdit;
import dev.editstream.workers.engine.edit.SdEdit;
import dev.editstream.workers.engine.image.RgbImage;
import dev.editstream.workers.engine.inversion.Inversion;
import dev.editstream.workers.engine.inversion.InversionMethod;
import dev.editstream.workers.engine.inversion.InversionParameters;
import dev.editstream.workers.engine.inversion.Inverter;
import dev.editstream.workers.engine.inversion.NullTextSettings;
import dev.editstream.workers.engine.model.DiffusionModel;
import dev.editstream.workers.engine.schedule.Guidance;
import java.nio.file.Path;

/**
 * The editing engine's front door: inversion, edits and reconstruction over one model. Stateless
 * across requests (inversions are values passed in and out), so one engine serves concurrent
 * requests. Closing it closes the bundle it opened.
 */
public final class EditEngine implements AutoCloseable {
  private final ModelBundle bundle;
  private final DiffusionModel model;
  private final Inverter inverter;
  private final Editor editor;

  /** An engine over an already loaded bundle (which the caller keeps ownership of). */
  public EditEngine(DiffusionModel model) {
    this(null, model);
  }

  private EditEngine(ModelBundle owned, DiffusionModel model) {
    this.bundle = owned;
    this.model = model;
    this.inverter = new Inverter(model);
    this.editor = new Editor(model);
  }

  /** Loads a bundle directory and builds an engine that owns it. */
  public static EditEngine open(Path bundleDir, BundleOptions options) {
    ModelBundle b = ModelBundle.load(bundleDir, options);
    return new EditEngine(b, new DiffusionModel(b));
  }

  /** The model. */
  public DiffusionModel model() {
    return model;
  }

  /** The inverter. */
  public Inverter inverter() {
    return inverter;
  }

  /** The editor. */
  public Editor editor() {
    return editor;
  }

  /** Inverts an image with its caption; DDIM or null-text with the paper's settings. */
  public Inversion invert(
      RgbImage image, String caption, InversionMethod method, int steps, Guidance guidance) {
    InversionParameters p =
        inverter.parameters(method, caption, steps, guidance, NullTextSettings.paper());
    return inverter.invert(image, p);
  }

  /** Edits an inversion. */
  public EditResult edit(Inversion inversion, PromptEdit edit) {
    return editor.edit(inversion, edit);
  }

  /** SDEdit of an image. */
  public EditResult sdEdit(RgbImage image, SdEdit edit) {
    return editor.sdEdit(image, edit);
  }

  /** The inversion regenerated without an edit. */
  public RgbImage reconstruct(Inversion inversion, Guidance guidance) {
    return editor.reconstruct(inversion, guidance);
  }

  @Override
  public void close() {
    if (bundle != null) {
      bundle.close();
    }
  }
}
