package dev.editstream.workers.engine.edit;

/** How the target prompt's tokens are aligned to the source prompt's for attention injection. */
public enum Alignment {
  /** Word swap: equal word counts, differing words swapped token for token. */
  REPLACE,
  /** Refinement: sequence alignment; added words keep their own attention. */
  REFINE
}
