package dev.editstream.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.editstream.producers.EditDraft;
import dev.editstream.schemas.ReasonCode;
import dev.editstream.schemas.avro.InversionMethod;
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
import dev.editstream.schemas.blob.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code POST /v1/edits} body read into a draft: the JSON form (the image base64 in {@code
 * image}) or the multipart form (an {@code image} part, a {@code request} part with the same JSON
 * without the image, and an optional {@code mask} part). Only the shape is checked here; what the
 * values may be is intake's rule, so a bad value ends as a REJECTED result, as from any client.
 *
 * <p>The fingerprint identifies the request for idempotent retries: a SHA-256 over the image's and
 * the mask image's digests and the JSON fields in key order, so the JSON and the multipart form of
 * one request agree, whatever the multipart boundary or the JSON's layout.
 */
final class EditBody {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper CANONICAL =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
  private static final Set<String> FIELDS =
      Set.of(
          "requestId",
          "image",
          "imageType",
          "caption",
          "edit",
          "mask",
          "bundle",
          "bundleVersion",
          "sampler",
          "priority",
          "deadline",
          "metadata");
  private static final Set<String> EDIT_FIELDS = Set.of("kind", "prompt", "reweights", "strength");
  private static final Set<String> MASK_FIELDS = Set.of("words", "box", "polygon", "image");
  private static final Set<String> SAMPLER_FIELDS =
      Set.of(
          "seed",
          "steps",
          "guidance",
          "cross",
          "self",
          "localBlend",
          "blendThreshold",
          "inversion",
          "nullTextSteps");
  private static final float DEFAULT_STRENGTH = 0.6f;

  private final EditDraft draft;
  private final String requestId;
  private final String fingerprint;

  private EditBody(EditDraft draft, String requestId, String fingerprint) {
    this.draft = draft;
    this.requestId = requestId;
    this.fingerprint = fingerprint;
  }

  /** The draft, with no request id set yet. */
  EditDraft draft() {
    return draft;
  }

  /** The request id the body names, or null. */
  String requestId() {
    return requestId;
  }

  /** The request's fingerprint, in lower-case hex. */
  String fingerprint() {
    return fingerprint;
  }

  /** Reads the JSON form. */
  static EditBody fromJson(byte[] body) {
    ObjectNode tree = object(body, "the body");
    if (!tree.hasNonNull("image")) {
      throw malformed(ReasonCode.MISSING_FIELD, "image (base64) is required");
    }
    byte[] image = base64(tree.get("image"), "image");
    return read(tree, image);
  }

  /**
   * Reads the multipart form.
   *
   * @param image the image part's bytes
   * @param request the request part's JSON, or null for an all-default request (which then lacks an
   *     edit)
   * @param mask the mask part's bytes, or null
   */
  static EditBody fromParts(byte[] image, byte[] request, byte[] mask) {
    ObjectNode tree = request == null ? JSON.createObjectNode() : object(request, "part request");
    if (tree.has("image")) {
      throw malformed(
          ReasonCode.BODY_MALFORMED, "the image travels as the image part, not in request");
    }
    if (mask != null) {
      if (tree.has("mask")) {
        throw malformed(
            ReasonCode.BODY_MALFORMED, "give the mask either as the mask part or in request");
      }
      tree.putObject("mask").put("image", Base64.getEncoder().encodeToString(mask));
    }
    return read(tree, image);
  }

  private static EditBody read(ObjectNode tree, byte[] image) {
    only(tree, FIELDS, "");
    String type = text(tree, "imageType");
    EditDraft draft = EditDraft.ofBytes(image, type != null ? type : sniff(image));
    String requestId = text(tree, "requestId");
    draft.caption(text(tree, "caption"));
    JsonNode edit = tree.get("edit");
    if (edit == null || edit.isNull()) {
      throw malformed(ReasonCode.MISSING_FIELD, "edit is required, e.g. {\"kind\": \"replace\"}");
    }
    draft.edit(edit(edit));
    JsonNode mask = tree.get("mask");
    if (mask != null && !mask.isNull()) {
      draft.mask(mask(mask));
    }
    if (tree.hasNonNull("bundle")) {
      draft.bundle(text(tree, "bundle"), text(tree, "bundleVersion"));
    } else if (tree.hasNonNull("bundleVersion")) {
      throw malformed(ReasonCode.BODY_MALFORMED, "bundleVersion needs bundle");
    }
    JsonNode sampler = tree.get("sampler");
    if (sampler != null && !sampler.isNull()) {
      sampler(sampler, draft.sampler());
    }
    if (tree.hasNonNull("priority")) {
      draft.priority(integer(tree.get("priority"), "priority"));
    }
    if (tree.hasNonNull("deadline")) {
      draft.deadline(deadline(text(tree, "deadline")));
    }
    JsonNode metadata = tree.get("metadata");
    if (metadata != null && !metadata.isNull()) {
      if (!metadata.isObject()) {
        throw malformed(ReasonCode.BODY_MALFORMED, "metadata must be an object of strings");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = metadata.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().isTextual()) {
          throw malformed(ReasonCode.BODY_MALFORMED, "metadata." + e.getKey() + " must be text");
        }
        draft.metadata(e.getKey(), e.getValue().asText());
      }
    }
    return new EditBody(draft, requestId, fingerprint(tree, image));
  }

  private static String fingerprint(ObjectNode tree, byte[] image) {
    ObjectNode fields = tree.deepCopy();
    fields.remove("requestId");
    fields.remove("image");
    JsonNode maskImage = fields.path("mask").get("image");
    if (maskImage != null && maskImage.isTextual()) {
      ((ObjectNode) fields.get("mask")).put("image", Sha256.hex(base64(maskImage, "mask.image")));
    }
    try {
      Object plain = CANONICAL.treeToValue(fields, Object.class);
      String canonical = CANONICAL.writeValueAsString(plain);
      return Sha256.hex(
          ("editstream-gateway-edit/1\n" + Sha256.hex(image) + "\n" + canonical)
              .getBytes(StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed tree must serialise", e);
    }
  }

  private static Object edit(JsonNode edit) {
    if (!edit.isObject()) {
      throw malformed(ReasonCode.BODY_MALFORMED, "edit must be an object");
    }
    only(edit, EDIT_FIELDS, "edit.");
    String kind = text(edit, "kind");
    if (kind == null) {
      throw malformed(ReasonCode.MISSING_FIELD, "edit.kind is required");
    }
    String k = kind.toLowerCase(Locale.ROOT);
    if (k.equals("variation")) {
      return new Variation();
    }
    String prompt = text(edit, "prompt");
    if (prompt == null) {
      throw malformed(ReasonCode.MISSING_FIELD, "edit.prompt is required for " + k);
    }
    List<WordWeight> weights = new ArrayList<>();
    JsonNode reweights = edit.get("reweights");
    if (reweights != null && !reweights.isNull()) {
      if (!reweights.isObject()) {
        throw malformed(
            ReasonCode.BODY_MALFORMED, "edit.reweights must be an object of word: factor");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = reweights.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        weights.add(
            new WordWeight(e.getKey(), number(e.getValue(), "edit.reweights." + e.getKey())));
      }
    }
    float strength =
        edit.hasNonNull("strength")
            ? number(edit.get("strength"), "edit.strength")
            : DEFAULT_STRENGTH;
    return switch (k) {
      case "replace" -> new PromptEdit(PromptEditMode.REPLACE, prompt, weights);
      case "refine" -> new PromptEdit(PromptEditMode.REFINE, prompt, weights);
      case "reweight" -> new PromptEdit(PromptEditMode.REWEIGHT, prompt, weights);
      case "sdedit" -> new SdEdit(strength, prompt);
      case "masked" -> new MaskedEdit(prompt);
      default ->
          throw malformed(
              ReasonCode.BODY_MALFORMED,
              "edit.kind must be replace, refine, reweight, sdedit, masked or variation: " + kind);
    };
  }

  private static Object mask(JsonNode mask) {
    if (!mask.isObject()) {
      throw malformed(ReasonCode.BODY_MALFORMED, "mask must be an object");
    }
    only(mask, MASK_FIELDS, "mask.");
    if (mask.size() != 1) {
      throw malformed(
          ReasonCode.BODY_MALFORMED, "mask needs exactly one of words, box, polygon, image");
    }
    if (mask.has("words")) {
      List<String> words = new ArrayList<>();
      for (JsonNode w : array(mask.get("words"), "mask.words")) {
        if (!w.isTextual()) {
          throw malformed(ReasonCode.BODY_MALFORMED, "mask.words must be strings");
        }
        words.add(w.asText());
      }
      return new MaskWords(words);
    }
    if (mask.has("box")) {
      List<JsonNode> box = array(mask.get("box"), "mask.box");
      if (box.size() != 4) {
        throw malformed(ReasonCode.BODY_MALFORMED, "mask.box needs [x, y, w, h]");
      }
      return new MaskBox(
          integer(box.get(0), "mask.box"),
          integer(box.get(1), "mask.box"),
          integer(box.get(2), "mask.box"),
          integer(box.get(3), "mask.box"));
    }
    if (mask.has("polygon")) {
      List<Point> points = new ArrayList<>();
      for (JsonNode p : array(mask.get("polygon"), "mask.polygon")) {
        List<JsonNode> xy = array(p, "mask.polygon");
        if (xy.size() != 2) {
          throw malformed(ReasonCode.BODY_MALFORMED, "mask.polygon needs [[x, y], ...]");
        }
        points.add(
            new Point(integer(xy.get(0), "mask.polygon"), integer(xy.get(1), "mask.polygon")));
      }
      return new MaskPolygon(points);
    }
    return new MaskImage(ByteBuffer.wrap(base64(mask.get("image"), "mask.image")));
  }

  private static void sampler(JsonNode s, SamplerParams.Builder sampler) {
    if (!s.isObject()) {
      throw malformed(ReasonCode.BODY_MALFORMED, "sampler must be an object");
    }
    only(s, SAMPLER_FIELDS, "sampler.");
    sampler
        .setSeed(s.hasNonNull("seed") ? longValue(s.get("seed"), "sampler.seed") : null)
        .setDenoisingSteps(s.hasNonNull("steps") ? integer(s.get("steps"), "sampler.steps") : null)
        .setGuidance(
            s.hasNonNull("guidance") ? number(s.get("guidance"), "sampler.guidance") : null)
        .setCrossAttentionFraction(
            s.hasNonNull("cross") ? number(s.get("cross"), "sampler.cross") : null)
        .setSelfAttentionFraction(
            s.hasNonNull("self") ? number(s.get("self"), "sampler.self") : null)
        .setLocalBlend(
            s.hasNonNull("localBlend") ? bool(s.get("localBlend"), "sampler.localBlend") : null)
        .setBlendThreshold(
            s.hasNonNull("blendThreshold")
                ? number(s.get("blendThreshold"), "sampler.blendThreshold")
                : null)
        .setInversion(s.hasNonNull("inversion") ? inversion(text(s, "inversion")) : null)
        .setNullTextInnerSteps(
            s.hasNonNull("nullTextSteps")
                ? integer(s.get("nullTextSteps"), "sampler.nullTextSteps")
                : null);
  }

  private static InversionMethod inversion(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "ddim" -> InversionMethod.DDIM;
      case "null-text", "null_text", "nulltext" -> InversionMethod.NULL_TEXT;
      default -> throw malformed(ReasonCode.BODY_MALFORMED, "sampler.inversion: ddim or null-text");
    };
  }

  /** An ISO instant, an ISO duration (PT10M) or a short one (10m), from now. */
  private static Instant deadline(String text) {
    Matcher m = SHORT_DURATION.matcher(text.toLowerCase(Locale.ROOT));
    try {
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        Duration d =
            switch (m.group(2)) {
              case "ms" -> Duration.ofMillis(n);
              case "s" -> Duration.ofSeconds(n);
              case "m" -> Duration.ofMinutes(n);
              case "h" -> Duration.ofHours(n);
              default -> Duration.ofDays(n);
            };
        return Instant.now().plus(d);
      }
      if (text.toUpperCase(Locale.ROOT).startsWith("P")) {
        return Instant.now().plus(Duration.parse(text));
      }
      return Instant.parse(text);
    } catch (DateTimeParseException | ArithmeticException e) {
      throw malformed(
          ReasonCode.BODY_MALFORMED, "deadline must be an ISO instant or a duration: " + text);
    }
  }

  /** The media type from the magic bytes; intake decides what it accepts. */
  private static String sniff(byte[] image) {
    boolean jpeg = image.length > 2 && (image[0] & 0xff) == 0xff && (image[1] & 0xff) == 0xd8;
    return jpeg ? "image/jpeg" : "image/png";
  }

  private static ObjectNode object(byte[] json, String what) {
    JsonNode tree;
    try {
      tree = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw malformed(ReasonCode.BODY_MALFORMED, what + " is not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (tree == null || !tree.isObject()) {
      throw malformed(ReasonCode.BODY_MALFORMED, what + " must be a JSON object");
    }
    return (ObjectNode) tree;
  }

  private static void only(JsonNode node, Set<String> allowed, String prefix) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!allowed.contains(name)) {
        throw malformed(
            ReasonCode.BODY_MALFORMED,
            "unknown field " + prefix + name + "; known: " + allowed.stream().sorted().toList());
      }
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw malformed(ReasonCode.BODY_MALFORMED, field + " must be text");
    }
    return v.asText();
  }

  private static byte[] base64(JsonNode node, String field) {
    if (!node.isTextual()) {
      throw malformed(ReasonCode.BODY_MALFORMED, field + " must be base64 text");
    }
    try {
      return Base64.getMimeDecoder().decode(node.asText());
    } catch (IllegalArgumentException e) {
      throw malformed(ReasonCode.BODY_MALFORMED, field + " is not base64: " + e.getMessage());
    }
  }

  private static List<JsonNode> array(JsonNode node, String field) {
    if (node == null || !node.isArray()) {
      throw malformed(ReasonCode.BODY_MALFORMED, field + " must be an array");
    }
    List<JsonNode> out = new ArrayList<>();
    node.forEach(out::add);
    return out;
  }

  private static int integer(JsonNode node, String field) {
    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
      throw malformed(ReasonCode.BODY_MALFORMED, field + " must be a whole number");
    }
    return node.intValue();
  }

  private static long longValue(JsonNode node, String field) {
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      throw malformed(ReasonCode.BODY_MALFORMED, field + " must be a whole number");
    }
    return node.longValue();
  }

  private static float number(JsonNode node, String field) {
    if (!node.isNumber()) {
      throw malformed(ReasonCode.BODY_MALFORMED, field + " must be a number");
    }
    return node.floatValue();
  }

  private static boolean bool(JsonNode node, String field) {
    if (!node.isBoolean()) {
      throw malformed(ReasonCode.BODY_MALFORMED, field + " must be true or false");
    }
    return node.booleanValue();
  }

  private static GatewayError malformed(ReasonCode code, String message) {
    return new GatewayError(400, code, message);
  }
}
