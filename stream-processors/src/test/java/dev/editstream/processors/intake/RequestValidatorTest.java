package dev.editstream.processors.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.editstream.editing.BundleDescriptor;
import dev.editstream.editing.EditRules;
import dev.editstream.schemas.ReasonCode;
import dev.editstream.schemas.avro.BlobRef;
import dev.editstream.schemas.avro.EditRequest;
import dev.editstream.schemas.avro.MaskBox;
import dev.editstream.schemas.avro.MaskImage;
import dev.editstream.schemas.avro.MaskPolygon;
import dev.editstream.schemas.avro.MaskWords;
import dev.editstream.schemas.avro.MaskedEdit;
import dev.editstream.schemas.avro.Point;
import dev.editstream.schemas.avro.PromptEdit;
import dev.editstream.schemas.avro.PromptEditMode;
import dev.editstream.schemas.avro.ResultStatus;
import dev.editstream.schemas.avro.SamplerParams;
import dev.editstream.schemas.avro.SdEdit;
import dev.editstream.schemas.avro.Variation;
import dev.editstream.schemas.avro.WordWeight;
import dev.editstream.schemas.blob.BlobRefPolicy;
import dev.editstream.schemas.blob.FileBlobStore;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestValidatorTest {

  private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

  @TempDir Path blobRoot;
  private FileBlobStore store;

  /** The committed bundle's manifest, tokenizer and editing defaults: the real rule set. */
  static final BundleDescriptor SHAPES =
      BundleDescriptor.load(Path.of("../models/bundles/shapes32"));

  private RequestValidator validator;

  @BeforeEach
  void setUp() {
    store = new FileBlobStore(blobRoot);
    IntakeLimits limits =
        new IntakeLimits(java.util.Set.of("shapes32"), 64 * 1024, 256 * 256, 256, 60, 100, 20);
    validator =
        new RequestValidator(
            limits,
            Map.of("shapes32", new EditRules(SHAPES)),
            BlobRefPolicy.allowing(store),
            store,
            Clock.fixed(NOW, ZoneOffset.UTC));
  }

  static EditRequest.Builder valid() {
    return EditRequest.newBuilder()
        .setRequestId("r-1")
        .setImage(ByteBuffer.wrap(TestImages.png(32, 32)))
        .setSourceCaption("a red circle on a blue background")
        .setEdit(
            PromptEdit.newBuilder()
                .setMode(PromptEditMode.REPLACE)
                .setTargetPrompt("a green circle on a blue background")
                .build())
        .setBundleName("shapes32")
        .setSampler(SamplerParams.newBuilder().build());
  }

  private Optional<Rejection> validate(Consumer<EditRequest.Builder> change) {
    EditRequest.Builder builder = valid();
    change.accept(builder);
    EditRequest request = builder.build();
    return validator.validate(request.getRequestId(), request);
  }

  private ReasonCode reasonOf(Consumer<EditRequest.Builder> change) {
    return validate(change).map(Rejection::reason).orElse(null);
  }

  @Test
  void acceptsAValidRequestOfEveryEditKind() {
    assertThat(validate(b -> {})).isEmpty();
    assertThat(validate(b -> b.setImage(ByteBuffer.wrap(TestImages.jpeg(40, 30))))).isEmpty();
    assertThat(validate(b -> b.setEdit(sdEdit(0.6f)))).isEmpty();
    assertThat(validate(b -> b.setEdit(new Variation()).setMask(null))).isEmpty();
    assertThat(
            validate(
                b ->
                    b.setEdit(new MaskedEdit("a blue square on a blue background"))
                        .setMask(new MaskBox(4, 4, 8, 8))))
        .isEmpty();
    assertThat(
            validate(
                b ->
                    b.setEdit(
                            reweight(
                                "a red circle on a blue background", new WordWeight("red", 2f)))
                        .setMask(new MaskWords(List.of("circle")))))
        .isEmpty();
    assertThat(validate(b -> b.setDeadline(NOW.plusSeconds(60)))).isEmpty();
  }

  @Test
  void acceptsAnImageReferencedInsideTheStore() {
    BlobRef ref = store.put(TestImages.png(16, 16), "image/png");
    assertThat(validate(b -> b.setImage(ref))).isEmpty();
  }

  @Test
  void rejectsMissingFields() {
    assertThat(reasonOf(b -> b.setRequestId(" "))).isEqualTo(ReasonCode.MISSING_FIELD);
    assertThat(reasonOf(b -> b.setBundleName(""))).isEqualTo(ReasonCode.MISSING_FIELD);
    assertThat(reasonOf(b -> b.setImage(ByteBuffer.allocate(0))))
        .isEqualTo(ReasonCode.MISSING_FIELD);
    assertThat(reasonOf(b -> b.setEdit(new SdEdit(0.5f, "  "))))
        .isEqualTo(ReasonCode.MISSING_FIELD);
  }

  @Test
  void rejectsAKeyThatIsNotTheRequestId() {
    EditRequest request = valid().build();
    assertThat(validator.validate("other", request))
        .map(Rejection::reason)
        .contains(ReasonCode.REQUEST_ID_INVALID);
    assertThat(validator.validate(null, request)).isEmpty();
  }

  @Test
  void rejectsUnknownBundlesAndPassedDeadlines() {
    assertThat(reasonOf(b -> b.setBundleName("sd-1.5"))).isEqualTo(ReasonCode.UNKNOWN_BUNDLE);
    assertThat(reasonOf(b -> b.setDeadline(NOW))).isEqualTo(ReasonCode.DEADLINE_PASSED);
  }

  @Test
  void rejectsLongPrompts() {
    String longText = "a red circle ".repeat(10);
    assertThat(reasonOf(b -> b.setSourceCaption(longText))).isEqualTo(ReasonCode.PROMPT_TOO_LONG);
    assertThat(reasonOf(b -> b.setEdit(sdEdit(0.5f, longText))))
        .isEqualTo(ReasonCode.PROMPT_TOO_LONG);
  }

  @Test
  void rejectsParametersOutOfRange() {
    assertThat(reasonOf(b -> b.getSampler().setDenoisingSteps(0)))
        .isEqualTo(ReasonCode.PARAMETER_OUT_OF_RANGE);
    assertThat(reasonOf(b -> b.getSampler().setDenoisingSteps(101)))
        .isEqualTo(ReasonCode.PARAMETER_OUT_OF_RANGE);
    assertThat(reasonOf(b -> b.getSampler().setGuidance(Float.NaN)))
        .isEqualTo(ReasonCode.PARAMETER_OUT_OF_RANGE);
    assertThat(reasonOf(b -> b.getSampler().setCrossAttentionFraction(1.5f)))
        .isEqualTo(ReasonCode.PARAMETER_OUT_OF_RANGE);
    assertThat(reasonOf(b -> b.getSampler().setBlendThreshold(1f)))
        .isEqualTo(ReasonCode.PARAMETER_OUT_OF_RANGE);
    assertThat(reasonOf(b -> b.setEdit(sdEdit(0f)))).isEqualTo(ReasonCode.PARAMETER_OUT_OF_RANGE);
    assertThat(reasonOf(b -> b.setEdit(sdEdit(1.01f))))
        .isEqualTo(ReasonCode.PARAMETER_OUT_OF_RANGE);
    assertThat(validate(b -> b.setEdit(sdEdit(1f)))).isEmpty();
  }

  @Test
  void rejectsReweightingWordsTheTargetPromptLacks() {
    Optional<Rejection> rejection =
        validate(b -> b.setEdit(reweight("a red circle", new WordWeight("square", 2f))));
    assertThat(rejection).map(Rejection::reason).contains(ReasonCode.EDIT_INCONSISTENT);
    assertThat(rejection.get().message()).contains("'square'");
    assertThat(reasonOf(b -> b.setEdit(reweight("a red circle"))))
        .isEqualTo(ReasonCode.EDIT_INCONSISTENT);
    assertThat(reasonOf(b -> b.setEdit(reweight("a red circle", new WordWeight("red", 50f)))))
        .isEqualTo(ReasonCode.PARAMETER_OUT_OF_RANGE);
  }

  @Test
  void appliesTheBundlesRules() {
    assertThat(reasonOf(b -> b.setSourceCaption("a red circle on a blue background today")))
        .isEqualTo(ReasonCode.WORD_NOT_IN_VOCABULARY);
    assertThat(reasonOf(b -> b.setEdit(replace("a green circle on a blue background."))))
        .isEqualTo(ReasonCode.WORD_HAS_PUNCTUATION);
    assertThat(reasonOf(b -> b.setEdit(replace("a small green circle on a blue background"))))
        .isEqualTo(ReasonCode.REPLACE_WORD_COUNT_MISMATCH);
    assertThat(reasonOf(b -> b.setEdit(replace("a a a a a a a a a a a a a a a"))))
        .isEqualTo(ReasonCode.PROMPT_TOO_MANY_TOKENS);
    assertThat(reasonOf(b -> b.setEdit(sdEdit(0.04f))))
        .isEqualTo(ReasonCode.STRENGTH_TOO_LOW_FOR_STEPS);
  }

  private static PromptEdit replace(String target) {
    return PromptEdit.newBuilder().setMode(PromptEditMode.REPLACE).setTargetPrompt(target).build();
  }

  @Test
  void rejectsMasksThatDoNotFit() {
    assertThat(reasonOf(b -> b.setMask(new MaskWords(List.of("triangle")))))
        .isEqualTo(ReasonCode.MASK_WORD_NOT_IN_CAPTION);
    assertThat(reasonOf(b -> b.setMask(new MaskWords(List.of()))))
        .isEqualTo(ReasonCode.EDIT_MASK_MISMATCH);
    assertThat(reasonOf(b -> b.setMask(new MaskBox(20, 20, 16, 4))))
        .isEqualTo(ReasonCode.EDIT_MASK_MISMATCH);
    assertThat(reasonOf(b -> b.setMask(new MaskBox(0, 0, 0, 4))))
        .isEqualTo(ReasonCode.EDIT_MASK_MISMATCH);
    assertThat(
            reasonOf(b -> b.setMask(new MaskPolygon(List.of(new Point(0, 0), new Point(40, 0))))))
        .isEqualTo(ReasonCode.EDIT_MASK_MISMATCH);
    assertThat(
            reasonOf(
                b ->
                    b.setMask(
                        new MaskPolygon(
                            List.of(new Point(0, 0), new Point(40, 0), new Point(0, 5))))))
        .isEqualTo(ReasonCode.EDIT_MASK_MISMATCH);
    assertThat(reasonOf(b -> b.setEdit(new MaskedEdit("a blue square on a blue background"))))
        .isEqualTo(ReasonCode.EDIT_MASK_MISMATCH);
    assertThat(reasonOf(b -> b.setMask(new MaskImage(ByteBuffer.wrap(TestImages.png(16, 32))))))
        .isEqualTo(ReasonCode.EDIT_MASK_MISMATCH);
    assertThat(validate(b -> b.setMask(new MaskImage(ByteBuffer.wrap(TestImages.png(32, 32))))))
        .isEmpty();
  }

  @Test
  void rejectsImagesByBytesFormatAndHeaderBeforeDecoding() {
    assertThat(reasonOf(b -> b.setImage(ByteBuffer.wrap(new byte[70 * 1024]))))
        .isEqualTo(ReasonCode.IMAGE_TOO_LARGE);
    assertThat(reasonOf(b -> b.setImage(ByteBuffer.wrap("GIF89a-not-ours".getBytes()))))
        .isEqualTo(ReasonCode.IMAGE_UNSUPPORTED_FORMAT);
    assertThat(reasonOf(b -> b.setImage(ByteBuffer.wrap(TestImages.pngHeaderOnly(20_000, 20_000)))))
        .isEqualTo(ReasonCode.IMAGE_TOO_MANY_PIXELS);
    assertThat(reasonOf(b -> b.setImage(ByteBuffer.wrap(TestImages.pngHeaderOnly(300, 10)))))
        .as("one side longer than allowed")
        .isEqualTo(ReasonCode.IMAGE_TOO_MANY_PIXELS);
    assertThat(reasonOf(b -> b.setImage(ByteBuffer.wrap(TestImages.truncatedPng(32, 32)))))
        .isEqualTo(ReasonCode.IMAGE_UNDECODABLE);
    assertThat(reasonOf(b -> b.setImage(ByteBuffer.wrap(TestImages.pngHeaderOnly(16, 16)))))
        .as("a header with no pixel data at all")
        .isEqualTo(ReasonCode.IMAGE_UNDECODABLE);
  }

  @Test
  void rejectsBlobReferencesOutsideTheStoreOrMissing() {
    BlobRef inside = store.put(TestImages.png(16, 16), "image/png");
    String sha = inside.getSha256();
    assertThat(reasonOf(b -> b.setImage(ref("file:///etc/passwd", sha))))
        .isEqualTo(ReasonCode.BLOB_REF_OUTSIDE_STORE);
    assertThat(reasonOf(b -> b.setImage(ref(inside.getUri() + "/../../../x", sha))))
        .isEqualTo(ReasonCode.BLOB_REF_OUTSIDE_STORE);
    assertThat(reasonOf(b -> b.setImage(ref("https://example.com/cat.png", sha))))
        .isEqualTo(ReasonCode.BLOB_REF_OUTSIDE_STORE);
    assertThat(reasonOf(b -> b.setImage(ref(inside.getUri(), "not-a-digest"))))
        .isEqualTo(ReasonCode.BLOB_REF_INVALID);
    String missing = "0".repeat(64);
    assertThat(reasonOf(b -> b.setImage(ref(inside.getUri(), missing))))
        .isEqualTo(ReasonCode.BLOB_NOT_FOUND);
  }

  @Test
  void aBlobTheStoreCannotGiveBackIsTheStoresFaultNotTheClients() throws Exception {
    BlobRef inside = store.put(TestImages.png(16, 16), "image/png");
    String sha = inside.getSha256();
    Path file =
        blobRoot.resolve("sha256").resolve(sha.substring(0, 2)).resolve(sha.substring(2, 4));
    byte[] bytes = Files.readAllBytes(file.resolve(sha));
    bytes[bytes.length - 1] ^= 1;
    Files.write(file.resolve(sha), bytes);

    ReasonCode reason = reasonOf(b -> b.setImage(inside));
    assertThat(reason).isEqualTo(ReasonCode.BLOB_STORE_FAULT);
    assertThat(reason.status()).isEqualTo(ResultStatus.FAILED);
  }

  @Test
  void everyReasonHasAMessageAndTheRejectionCarriesDetail() {
    for (ReasonCode reason : ReasonCode.values()) {
      assertThat(reason.message()).isNotBlank();
    }
    Rejection rejection = validate(b -> b.getSampler().setDenoisingSteps(0)).orElseThrow();
    assertThat(rejection.message())
        .isEqualTo("a parameter is outside its allowed range: denoisingSteps 0 is not in [1, 100]");
  }

  private static BlobRef ref(String uri, String sha) {
    return BlobRef.newBuilder()
        .setUri(uri)
        .setSha256(sha)
        .setSize(100)
        .setMediaType("image/png")
        .build();
  }

  private static SdEdit sdEdit(float strength) {
    return sdEdit(strength, "a green circle on a blue background");
  }

  private static SdEdit sdEdit(float strength, String prompt) {
    return SdEdit.newBuilder().setStrength(strength).setTargetPrompt(prompt).build();
  }

  private static PromptEdit reweight(String prompt, WordWeight... weights) {
    return PromptEdit.newBuilder()
        .setMode(PromptEditMode.REWEIGHT)
        .setTargetPrompt(prompt)
        .setReweights(List.of(weights))
        .build();
  }
}
