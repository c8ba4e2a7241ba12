package dev.editstream.benchmarks.quality;

/** The editing methods the benchmark compares, in the order of the report. */
public enum Method {
  /** DDIM inversion, then the target prompt alone (StyleDiffusion's "*DDIM" baseline). */
  DDIM_SWAP("DDIM inversion + word swap", false),
  /** SDEdit at the configured strength. */
  SDEDIT("SDEdit", false),
  /** Prompt-to-prompt on a DDIM inversion. */
  DDIM_P2P("DDIM inversion + P2P", false),
  /** Prompt-to-prompt on a null-text inversion. */
  NTI_P2P("null-text + P2P", true),
  /** The same with local blending. */
  NTI_P2P_BLEND("null-text + P2P + local blend", true),
  /** Null-text + P2P with the case's region as a user mask. */
  NTI_MASKED("null-text + P2P + user mask", true),
  /**
   * The case sent as an ordinary request (PNG, caption, target prompt, kind of edit) and run as the
   * pipeline runs it: planned from the bundle's editing defaults, then the engine's plan run. What
   * a user gets; the thresholds the engine must meet are checked on this row.
   */
  PLANNED("planner: what a request gets", true);

  private final String label;
  private final boolean nullText;

  Method(String label, boolean nullText) {
    this.label = label;
    this.nullText = nullText;
  }

  /** Human label used in the report. */
  public String label() {
    return label;
  }

  /** Whether the method starts from a null-text inversion. */
  public boolean usesNullText() {
    return nullText;
  }
}
