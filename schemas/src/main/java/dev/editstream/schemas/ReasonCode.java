package dev.editstream.schemas;

import dev.editstream.schemas.avro.ResultStatus;

/**
 * The one catalogue of reason codes: every {@code EditResult}, {@code WorkerOutcome}, dead letter,
 * typed error and HTTP gateway error of EditStream carries one of these. A code names what happened
 * and which terminal status it leads to: user errors end REJECTED (the same request would fail
 * again), faults end FAILED (the system failed; the request may succeed later). Codes are part of
 * the public contract: add, never rename; callers switch on the code, never on message text.
 */
public enum ReasonCode {
  /** The edit was made. */
  OK(ResultStatus.SUCCEEDED, "the edit was made"),

  // --- intake: the request as submitted -------------------------------------------------------
  /** A required field is missing or empty. */
  MISSING_FIELD(ResultStatus.REJECTED, "a required field is missing or empty"),
  /** The request id is malformed or differs from the record key. */
  REQUEST_ID_INVALID(
      ResultStatus.REJECTED, "the request id is malformed or differs from the record key"),
  /** The named model bundle is not deployed. */
  UNKNOWN_BUNDLE(ResultStatus.REJECTED, "the model bundle is not deployed"),
  /** The deadline lies in the past. */
  DEADLINE_PASSED(ResultStatus.REJECTED, "the request's deadline has already passed"),
  /** A caption or prompt exceeds the configured length in characters. */
  PROMPT_TOO_LONG(ResultStatus.REJECTED, "a caption or prompt is longer than allowed"),
  /** A sampler or edit parameter lies outside its range. */
  PARAMETER_OUT_OF_RANGE(ResultStatus.REJECTED, "a parameter is outside its allowed range"),
  /** The edit contradicts itself or its prompt (e.g. a re-weighted word not in the prompt). */
  EDIT_INCONSISTENT(
      ResultStatus.REJECTED, "the edit's parameters contradict each other or the prompt"),
  /** The mask does not fit the edit, the prompts or the image. */
  EDIT_MASK_MISMATCH(
      ResultStatus.REJECTED, "the mask does not fit the edit, the prompts or the image"),
  /** A blob reference is malformed (URI, digest or size). */
  BLOB_REF_INVALID(ResultStatus.REJECTED, "a blob reference is malformed"),
  /** A blob reference points outside the configured stores (foreign scheme, '..', other root). */
  BLOB_REF_OUTSIDE_STORE(
      ResultStatus.REJECTED, "a blob reference points outside the configured blob stores"),
  /** A referenced blob does not exist or does not match its digest. */
  BLOB_NOT_FOUND(
      ResultStatus.REJECTED, "a referenced blob is missing or does not match its digest"),
  /** The image exceeds the configured byte limit. */
  IMAGE_TOO_LARGE(ResultStatus.REJECTED, "the image is larger than allowed"),
  /** The image is neither PNG nor JPEG. */
  IMAGE_UNSUPPORTED_FORMAT(ResultStatus.REJECTED, "the image is neither PNG nor JPEG"),
  /** The image's header declares more pixels, or a longer side, than allowed. */
  IMAGE_TOO_MANY_PIXELS(ResultStatus.REJECTED, "the image declares more pixels than allowed"),
  /** The image is PNG or JPEG but cannot be decoded. */
  IMAGE_UNDECODABLE(ResultStatus.REJECTED, "the image cannot be decoded"),

  // --- the bundle's rules: what only the model bundle can tell -------------------------------
  /** A word of a caption or prompt is not in the bundle's tokenizer vocabulary. */
  WORD_NOT_IN_VOCABULARY(ResultStatus.REJECTED, "a word is not in the model bundle's vocabulary"),
  /** A word carries punctuation, which the bundle's word tokenizer does not split off. */
  WORD_HAS_PUNCTUATION(
      ResultStatus.REJECTED, "a word carries punctuation the bundle's tokenizer cannot read"),
  /** A caption or prompt has more tokens than the bundle's context length takes. */
  PROMPT_TOO_MANY_TOKENS(
      ResultStatus.REJECTED, "a caption or prompt has more words than the bundle's context takes"),
  /** A REPLACE edit's caption and target prompt differ in word count. */
  REPLACE_WORD_COUNT_MISMATCH(
      ResultStatus.REJECTED,
      "a REPLACE edit needs a target prompt with as many words as the source caption"),
  /** SDEdit's strength times the steps leaves no step to run. */
  STRENGTH_TOO_LOW_FOR_STEPS(
      ResultStatus.REJECTED, "the SDEdit strength times the steps is less than one step"),
  /** A mask word does not occur in the source caption. */
  MASK_WORD_NOT_IN_CAPTION(
      ResultStatus.REJECTED, "a mask word does not occur in the source caption"),

  // --- the results stage ----------------------------------------------------------------------
  /** The client cancelled the request before it finished. */
  CANCELLED_BY_CLIENT(ResultStatus.CANCELLED, "the request was cancelled"),
  /** The deadline passed before the edit finished. */
  DEADLINE_EXPIRED(ResultStatus.EXPIRED, "the deadline passed before the edit finished"),

  // --- the HTTP gateway: answers to a call, before or instead of a result ---------------------
  // A gateway code never appears in an EditResult; its status says whose fault the refused call
  // is (REJECTED: the caller's, the same call fails again; FAILED: the system's, retry later).
  /** The call lacks the configured bearer token, or carries another one. */
  UNAUTHORIZED(ResultStatus.REJECTED, "the call lacks the gateway's bearer token"),
  /** The call's body is larger than the gateway takes. */
  BODY_TOO_LARGE(ResultStatus.REJECTED, "the call's body is larger than the gateway takes"),
  /** The call's body cannot be read: not JSON, bad base64, a missing part or an unknown field. */
  BODY_MALFORMED(ResultStatus.REJECTED, "the call's body cannot be read as an edit request"),
  /** An idempotency key (a client-chosen request id) was used before with another request. */
  IDEMPOTENCY_KEY_REUSED(
      ResultStatus.REJECTED, "the idempotency key was used before for a different request"),
  /** No request with this id is known (never submitted, or purged). */
  UNKNOWN_REQUEST(ResultStatus.REJECTED, "no request with this id is known"),
  /** The request has not ended yet, so it has no result to give. */
  RESULT_NOT_READY(ResultStatus.REJECTED, "the request has not ended yet"),
  /** No route matches the call's path and method. */
  ROUTE_NOT_FOUND(ResultStatus.REJECTED, "no route matches the path and method"),
  /** The status store cannot be queried yet (starting or rebalancing). */
  STATUS_UNAVAILABLE(ResultStatus.FAILED, "the status store cannot be queried yet"),
  /** The gateway failed in a way no rule predicts (its log has the stack trace). */
  GATEWAY_FAULT(ResultStatus.FAILED, "the HTTP gateway failed"),
  /** Kafka or the schema registry did not take the request or the cancellation. */
  SUBMISSION_FAULT(ResultStatus.FAILED, "Kafka or the schema registry did not take the call"),

  // --- clients: codes `enrich` writes for what never became a result -------------------------
  /** A manifest row cannot be made into a request (no image file, an unknown edit kind...). */
  MANIFEST_ROW_INVALID(
      ResultStatus.REJECTED, "the manifest row cannot be made into an edit request"),
  /** No terminal result arrived before the client stopped waiting; the request may still end. */
  RESULT_NOT_ARRIVED(ResultStatus.FAILED, "no result arrived before the client stopped waiting"),

  // --- faults: the system failed, not the request --------------------------------------------
  /** The engine failed in a way no rule predicts. */
  ENGINE_FAULT(ResultStatus.FAILED, "the editing engine failed"),
  /** A transient failure repeated on every attempt. */
  RETRIES_EXHAUSTED(ResultStatus.FAILED, "the job failed on every attempt"),
  /** The job record cannot be read or names something this worker cannot run. */
  POISON_JOB(ResultStatus.FAILED, "the job cannot be read or run"),
  /** The job was made for a model bundle the worker does not have. */
  BUNDLE_MISMATCH(ResultStatus.FAILED, "the job names a model bundle this worker does not serve"),
  /** The blob store could not be read or written. */
  BLOB_STORE_FAULT(ResultStatus.FAILED, "the blob store could not be read or written");

  private final ResultStatus status;
  private final String message;

  ReasonCode(ResultStatus status, String message) {
    this.status = status;
    this.message = message;
  }

  /** The terminal status a request with this reason ends in. */
  public ResultStatus status() {
    return status;
  }

  /** Whether the request itself is at fault (it ends REJECTED and would fail again). */
  public boolean isUserError() {
    return status == ResultStatus.REJECTED;
  }

  /** Returns the human explanation of the code, without request-specific detail. */
  public String message() {
    return message;
  }
}
