package dev.editstream.producers.enrich;

import dev.editstream.producers.EditDraft;

/**
 * A row made ready to submit: its request id and draft, or why it cannot be submitted.
 *
 * @param item the row, with the command line's defaults filled in
 * @param id the request id (derived from the content and the edit unless the row names one)
 * @param draft the request to submit, or null when the row is invalid
 * @param problem why the row cannot be submitted, or null
 */
record PreparedItem(EnrichItem item, String id, EditDraft draft, String problem) {

  boolean valid() {
    return problem == null;
  }
}
