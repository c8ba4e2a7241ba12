package dev.editstream.workers.engine.edit;

import dev.editstream.workers.engine.image.Mask;
import dev.editstream.workers.engine.image.RgbImage;
import java.util.Optional;

/**
 * What an edit produced.
 *
 * @param image the edited image
 * @param reconstruction the source branch's image (the inversion reconstructed under the same
 *     guidance), when the edit ran one
 * @param blendMask the local-blend mask of the last step, when local blending ran
 * @param modelCalls number of model calls made
 */
public record EditResult(
    RgbImage image, Optional<RgbImage> reconstruction, Optional<Mask> blendMask, int modelCalls) {}
