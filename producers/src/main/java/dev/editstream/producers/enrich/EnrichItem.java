package dev.editstream.producers.enrich;

import java.nio.file.Path;
import java.util.Map;

/**
 * One row of an enrich input, as written: a folder's image or a manifest line. Every field but the
 * image may be null, and then the command line's edit options apply ({@link #or}).
 *
 * @param line where the row is (1-based line of the manifest, or the image's place in the folder)
 * @param image the source image file
 * @param id the request id the row asks for, or null for one derived from its content and edit
 * @param label a few words shown in the report, or null
 * @param caption what the image shows, or null to have the pipeline caption it
 * @param edit the edit kind ({@code replace}, {@code refine}, {@code reweight}, {@code sdedit},
 *     {@code masked}, {@code variation})
 * @param prompt the target prompt
 * @param mask the mask in its one-field form ({@code box:X,Y,W,H}, {@code words:...}, ...)
 * @param strength SDEdit's noise strength
 * @param reweight attention factors by word
 * @param seed the sampler's seed
 * @param expect the reason code the row should end with ({@code OK} for a made edit); an invalid
 *     request on purpose names its rejection here, so the run's exit code still says all is well
 */
public record EnrichItem(
    int line,
    Path image,
    String id,
    String label,
    String caption,
    String edit,
    String prompt,
    String mask,
    Float strength,
    Map<String, Float> reweight,
    Long seed,
    String expect) {

  /** A row that names its image and nothing else: the run's defaults fill in the rest. */
  public static EnrichItem of(int line, Path image) {
    return new EnrichItem(line, image, null, null, null, null, null, null, null, null, null, null);
  }

  /** Defaults for a run whose rows bring everything but the edit kind ({@code replace}, ...). */
  public static EnrichItem defaults(String edit) {
    return new EnrichItem(0, null, null, null, null, edit, null, null, null, null, null, null);
  }

  /** This row with every field it leaves empty taken from {@code defaults}. */
  public EnrichItem or(EnrichItem defaults) {
    return new EnrichItem(
        line,
        image,
        id,
        label,
        caption != null ? caption : defaults.caption,
        edit != null ? edit : defaults.edit,
        prompt != null ? prompt : defaults.prompt,
        mask != null ? mask : defaults.mask,
        strength != null ? strength : defaults.strength,
        reweight != null ? reweight : defaults.reweight,
        seed != null ? seed : defaults.seed,
        expect != null ? expect : defaults.expect);
  }

  /** The reason code this row should end with. */
  public String expected() {
    return expect == null ? "OK" : expect;
  }
}
