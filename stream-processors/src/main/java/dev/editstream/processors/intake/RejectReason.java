package dev.editstream.processors.intake;

/**
 * Why intake refused a request: the stable reason codes of a REJECTED {@code EditResult} and of the
 * {@code edit-dlq} headers. Codes are part of the public contract: add, never rename.
 */
public enum RejectReason {
  /** A required field is missing or empty. */
  MISSING_FIELD("a required field is missing or empty"),
  /** The request id is malformed or differs from the record key. */
  REQUEST_ID_INVALID("the request id is malformed or differs from the record key"),
  /** The named model bundle is not deployed. */
  UNKNOWN_BUNDLE("the model bundle is not deployed"),
  /** The deadline lies in the past. */
  DEADLINE_PASSED("the request's deadline has already passed"),
  /** A caption or prompt exceeds the configured length. */
  PROMPT_TOO_LONG("a caption or prompt is longer than allowed"),
  /** A sampler or edit parameter lies outside its range. */
  PARAMETER_OUT_OF_RANGE("a parameter is outside its allowed range"),
  /** The edit contradicts itself or its prompt (e.g. a re-weighted word not in the prompt). */
  EDIT_INCONSISTENT("the edit's parameters contradict each other or the prompt"),
  /** The mask does not fit the edit, the prompts or the image. */
  EDIT_MASK_MISMATCH("the mask does not fit the edit, the prompts or the image"),
  /** A blob reference is malformed (URI, digest or size). */
  BLOB_REF_INVALID("a blob reference is malformed"),
  /** A blob reference points outside the configured stores (foreign scheme, '..', other root). */
  BLOB_REF_OUTSIDE_STORE("a blob reference points outside the configured blob stores"),
  /** A referenced blob does not exist or does not match its digest. */
  BLOB_NOT_FOUND("a referenced blob is missing or does not match its digest"),
  /** The image exceeds the configured byte limit. */
  IMAGE_TOO_LARGE("the image is larger than allowed"),
  /** The image is neither PNG nor JPEG. */
  IMAGE_UNSUPPORTED_FORMAT("the image is neither PNG nor JPEG"),
  /** The image's header declares more pixels, or a longer side, than allowed. */
  IMAGE_TOO_MANY_PIXELS("the image declares more pixels than allowed"),
  /** The image is PNG or JPEG but cannot be decoded. */
  IMAGE_UNDECODABLE("the image cannot be decoded");

  private final String message;

  RejectReason(String message) {
    this.message = message;
  }

  /** Returns the human explanation of the code, without request-specific detail. */
  public String message() {
    return message;
  }
}
