package dev.editstream.producers;

import dev.editstream.schemas.avro.EditRequest;
import dev.editstream.schemas.avro.InversionMethod;
import dev.editstream.schemas.avro.PromptEdit;
import dev.editstream.schemas.avro.PromptEditMode;
import dev.editstream.schemas.avro.SamplerParams;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * An edit request being put together: the image plus what to change. {@link EditClient#submit}
 * turns it into an {@link EditRequest}, placing a large image in the blob store.
 *
 * <pre>{@code
 * String id = client.submit(EditDraft.ofFile(Path.of("circle.png"))
 *     .caption("a red circle on a blue background")
 *     .edit(EditDraft.replace("a green circle on a blue background"))
 *     .seed(7));
 * }</pre>
 */
public final class EditDraft {

  private final byte[] image;
  private final String mediaType;
  private String requestId;
  private String caption;
  private Object edit;
  private Object mask;
  private String bundleName = "shapes32";
  private String bundleVersion;
  private final SamplerParams.Builder sampler = SamplerParams.newBuilder();
  private int priority;
  private Instant deadline;
  private final Map<String, String> metadata = new HashMap<>();

  private EditDraft(byte[] image, String mediaType) {
    this.image = Objects.requireNonNull(image, "image");
    this.mediaType = mediaType;
  }

  /**
   * Starts a draft from an image file (PNG or JPEG).
   *
   * @throws IOException when the file cannot be read
   */
  public static EditDraft ofFile(Path imageFile) throws IOException {
    String name = imageFile.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    String type = name.endsWith(".jpg") || name.endsWith(".jpeg") ? "image/jpeg" : "image/png";
    return new EditDraft(Files.readAllBytes(imageFile), type);
  }

  /** Starts a draft from encoded image bytes. */
  public static EditDraft ofBytes(byte[] image, String mediaType) {
    return new EditDraft(image.clone(), mediaType);
  }

  /** Returns a prompt-to-prompt REPLACE edit towards the target prompt. */
  public static PromptEdit replace(String targetPrompt) {
    return new PromptEdit(PromptEditMode.REPLACE, targetPrompt, List.of());
  }

  /** Sets the request id; without one a random UUID is used. */
  public EditDraft requestId(String id) {
    this.requestId = id;
    return this;
  }

  /** Sets what the image shows; without it the caption stage computes one. */
  public EditDraft caption(String caption) {
    this.caption = caption;
    return this;
  }

  /** Sets the edit: a PromptEdit, SdEdit, MaskedEdit or Variation. */
  public EditDraft edit(Object edit) {
    this.edit = edit;
    return this;
  }

  /** Sets the mask: MaskWords, MaskBox, MaskPolygon or MaskImage; null for none. */
  public EditDraft mask(Object mask) {
    this.mask = mask;
    return this;
  }

  /** Sets the model bundle by name, and optionally version (null for the newest). */
  public EditDraft bundle(String name, String version) {
    this.bundleName = name;
    this.bundleVersion = version;
    return this;
  }

  /**
   * Returns the sampler settings to adjust (seed, steps, guidance, attention fractions, local
   * blend, inversion). Each one left unset stays null, so the bundle's tuned default applies.
   */
  public SamplerParams.Builder sampler() {
    return sampler;
  }

  /** Sets the seed. */
  public EditDraft seed(long seed) {
    sampler.setSeed(seed);
    return this;
  }

  /** Sets the inversion method; null leaves it to the bundle. */
  public EditDraft inversion(InversionMethod method) {
    sampler.setInversion(method);
    return this;
  }

  /** Sets the priority (higher runs first). */
  public EditDraft priority(int priority) {
    this.priority = priority;
    return this;
  }

  /** Sets the deadline after which the request expires. */
  public EditDraft deadline(Instant deadline) {
    this.deadline = deadline;
    return this;
  }

  /** Adds client metadata, copied to the result. */
  public EditDraft metadata(String key, String value) {
    metadata.put(key, value);
    return this;
  }

  byte[] image() {
    return image;
  }

  String mediaType() {
    return mediaType;
  }

  /** Builds the request with the image inline, for callers with their own transport. */
  public EditRequest toInlineRequest() {
    return toRequest(java.nio.ByteBuffer.wrap(image));
  }

  /**
   * Builds the request with the image as given (inline bytes or a blob reference).
   *
   * @param imageField a {@code ByteBuffer} or a {@code BlobRef}
   */
  EditRequest toRequest(Object imageField) {
    if (edit == null) {
      throw new IllegalStateException("an edit is required");
    }
    return EditRequest.newBuilder()
        .setRequestId(requestId != null ? requestId : UUID.randomUUID().toString())
        .setImage(imageField)
        .setSourceCaption(caption)
        .setEdit(edit)
        .setMask(mask)
        .setBundleName(bundleName)
        .setBundleVersion(bundleVersion)
        .setSampler(sampler.build())
        .setPriority(priority)
        .setDeadline(deadline)
        .setMetadata(Map.copyOf(metadata))
        .build();
  }
}
