package dev.editstream.benchmarks.quality;

import dev.editstream.models.world.Scene;
import dev.editstream.workers.engine.edit.BlendSeparation;
import dev.editstream.workers.engine.image.Mask;
import dev.editstream.workers.engine.image.RgbImage;
import java.util.Map;
import java.util.Optional;

/**
 * One ShapesEdit case: a source scene, the edit, and its rendered ground truth.
 *
 * @param id case number
 * @param kind what is edited
 * @param source the scene before the edit
 * @param truth the scene after the edit (same geometry)
 * @param sourcePrompt the source caption
 * @param targetPrompt the target caption
 * @param sourceWord the source word local blending follows
 * @param targetWord the target word local blending follows
 * @param separation the words telling the edited object from the other one, when a recolouring's
 *     scene has two objects that differ
 * @param reweight attention factors for target words (re-weight cases)
 * @param region where the edit should change the image (1) and where not (0)
 * @param sourceImage the rendered source scene, 8-bit values (its PNG decodes to the same)
 * @param truthImage the rendered ground truth, 8-bit values
 */
public record EditCase(
    int id,
    EditKind kind,
    Scene source,
    Scene truth,
    String sourcePrompt,
    String targetPrompt,
    String sourceWord,
    String targetWord,
    Optional<BlendSeparation> separation,
    Map<String, Double> reweight,
    Mask region,
    RgbImage sourceImage,
    RgbImage truthImage) {}
