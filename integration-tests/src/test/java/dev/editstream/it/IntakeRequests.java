package dev.editstream.it;

import dev.editstream.deploy.demo.SampleImages;
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
import dev.editstream.schemas.avro.SamplerParams;
import dev.editstream.schemas.avro.SdEdit;
import dev.editstream.schemas.avro.Variation;
import dev.editstream.schemas.avro.WordWeight;
import dev.editstream.schemas.blob.BlobStore;
import java.awt.Color;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/** The integration test's requests: valid ones of every edit kind and invalid ones, 20 ways. */
final class IntakeRequests {

  /** An invalid request and the reason code intake must reject it with. */
  record Invalid(String way, EditRequest request, String reason) {}

  private static final String CAPTION = "a red circle on a blue background";

  private final byte[] circle = SampleImages.png("circle", Color.RED, Color.BLUE);
  private final byte[] square = SampleImages.jpeg("square", Color.YELLOW, Color.GREEN);
  private final BlobRef storedCircle;
  private final String blobRoot;

  IntakeRequests(BlobStore blobs) {
    this.storedCircle = blobs.put(circle, "image/png");
    this.blobRoot = blobs.root().toString();
  }

  /** Valid requests, cycling through the edit kinds, inline and referenced images. */
  List<EditRequest> valid(String prefix, int count) {
    List<UnaryOperator<EditRequest.Builder>> kinds =
        List.of(
            b -> b,
            b -> b.setEdit(edit(PromptEditMode.REFINE, "a large red circle on a blue background")),
            b ->
                b.setEdit(
                    new PromptEdit(
                        PromptEditMode.REWEIGHT, CAPTION, List.of(new WordWeight("red", 3f)))),
            b -> b.setEdit(new SdEdit(0.5f, "a green circle on a blue background")),
            b ->
                b.setEdit(new MaskedEdit("a red square on a blue background"))
                    .setMask(new MaskBox(4, 4, 24, 24)),
            b -> b.setEdit(new Variation()).setMask(new MaskWords(List.of("circle"))),
            b ->
                b.setImage(ByteBuffer.wrap(square))
                    .setSourceCaption("a yellow square on a green background"),
            b -> b.setImage(storedCircle),
            b ->
                b.setMask(
                    new MaskPolygon(List.of(new Point(0, 0), new Point(31, 0), new Point(0, 31)))),
            b -> b.setMask(new MaskImage(ByteBuffer.wrap(circle))));
    List<EditRequest> requests = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      requests.add(kinds.get(i % kinds.size()).apply(base(prefix + "-" + i)).build());
    }
    return requests;
  }

  /** Twenty invalid requests, each broken in its own way. */
  List<Invalid> invalid(String prefix) {
    Ways ways = new Ways(prefix);
    ways.add(
        "not an image",
        "IMAGE_UNSUPPORTED_FORMAT",
        b -> b.setImage(ByteBuffer.wrap("just text".getBytes(StandardCharsets.UTF_8))));
    ways.add(
        "decompression bomb header",
        "IMAGE_TOO_MANY_PIXELS",
        b -> b.setImage(ByteBuffer.wrap(SampleImages.pngBombHeader(50_000, 50_000))));
    ways.add(
        "truncated PNG",
        "IMAGE_UNDECODABLE",
        b -> b.setImage(ByteBuffer.wrap(Arrays.copyOf(circle, circle.length / 2))));
    ways.add(
        "referenced image declared too large",
        "IMAGE_TOO_LARGE",
        b -> b.setImage(ref(storedCircle.getUri(), storedCircle.getSha256(), 9L << 20)));
    ways.add(
        "re-weighted word not in prompt",
        "EDIT_INCONSISTENT",
        b ->
            b.setEdit(
                new PromptEdit(
                    PromptEditMode.REWEIGHT, CAPTION, List.of(new WordWeight("square", 2f)))));
    ways.add(
        "REWEIGHT without words",
        "EDIT_INCONSISTENT",
        b -> b.setEdit(edit(PromptEditMode.REWEIGHT, CAPTION)));
    ways.add(
        "mask word not in the caption",
        "MASK_WORD_NOT_IN_CAPTION",
        b -> b.setMask(new MaskWords(List.of("triangle"))));
    ways.add(
        "mask box outside the image",
        "EDIT_MASK_MISMATCH",
        b -> b.setMask(new MaskBox(40, 40, 40, 40)));
    ways.add(
        "masked edit without a mask",
        "EDIT_MASK_MISMATCH",
        b -> b.setEdit(new MaskedEdit("a red square on a blue background")));
    ways.add(
        "mask image of another size",
        "EDIT_MASK_MISMATCH",
        b -> b.setMask(new MaskImage(ByteBuffer.wrap(smallPng()))));
    ways.add(
        "blob reference to /etc/passwd",
        "BLOB_REF_OUTSIDE_STORE",
        b -> b.setImage(ref("file:///etc/passwd", storedCircle.getSha256(), 10)));
    ways.add(
        "blob reference with ..",
        "BLOB_REF_OUTSIDE_STORE",
        b -> b.setImage(ref(blobRoot + "sha256/../../x.png", storedCircle.getSha256(), 10)));
    ways.add(
        "blob reference with a malformed digest",
        "BLOB_REF_INVALID",
        b -> b.setImage(ref(storedCircle.getUri(), "abc", 10)));
    ways.add(
        "blob reference to a missing blob",
        "BLOB_NOT_FOUND",
        b -> b.setImage(ref(blobRoot + "sha256/00/00/" + "0".repeat(64), "0".repeat(64), 10)));
    ways.add(
        "deadline passed",
        "DEADLINE_PASSED",
        b -> b.setDeadline(Instant.parse("2021-01-01T00:00:00Z")));
    ways.add("unknown bundle", "UNKNOWN_BUNDLE", b -> b.setBundleName("sd-1.5"));
    ways.add(
        "zero steps",
        "PARAMETER_OUT_OF_RANGE",
        b -> b.setSampler(SamplerParams.newBuilder().setDenoisingSteps(0).build()));
    ways.add(
        "SDEdit strength 0",
        "PARAMETER_OUT_OF_RANGE",
        b -> b.setEdit(new SdEdit(0f, "a green circle")));
    ways.add(
        "prompt too long",
        "PROMPT_TOO_LONG",
        b -> b.setEdit(edit(PromptEditMode.REPLACE, "a red circle ".repeat(100))));
    ways.add(
        "empty target prompt", "MISSING_FIELD", b -> b.setEdit(edit(PromptEditMode.REPLACE, " ")));
    return ways.all;
  }

  /** Collects invalid requests with consecutive ids. */
  private static final class Ways {
    private final String prefix;
    private final List<Invalid> all = new ArrayList<>();

    Ways(String prefix) {
      this.prefix = prefix;
    }

    void add(String way, String reason, UnaryOperator<EditRequest.Builder> change) {
      all.add(new Invalid(way, change.apply(base(prefix + "-" + all.size())).build(), reason));
    }
  }

  private static byte[] smallPng() {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try {
      javax.imageio.ImageIO.write(
          new java.awt.image.BufferedImage(16, 16, java.awt.image.BufferedImage.TYPE_BYTE_GRAY),
          "png",
          out);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static EditRequest.Builder base(String id) {
    return EditRequest.newBuilder()
        .setRequestId(id)
        .setImage(ByteBuffer.wrap(SampleImages.png("circle", Color.RED, Color.BLUE)))
        .setSourceCaption(CAPTION)
        .setEdit(edit(PromptEditMode.REPLACE, "a green circle on a blue background"))
        .setBundleName("shapes32")
        .setSampler(SamplerParams.newBuilder().setDenoisingSteps(20).setSeed(1L).build());
  }

  private static PromptEdit edit(PromptEditMode mode, String prompt) {
    return new PromptEdit(mode, prompt, List.of());
  }

  private static BlobRef ref(String uri, String sha, long size) {
    return BlobRef.newBuilder()
        .setUri(uri)
        .setSha256(sha)
        .setSize(size)
        .setMediaType("image/png")
        .build();
  }
}
