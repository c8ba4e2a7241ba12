package dev.editstream.benchmarks.quality;

/**
 * One method's scores on one case.
 *
 * @param method the method
 * @param kind the case's kind
 * @param objects objects in the case's source scene (1 or 2)
 * @param psnrTruth PSNR against the ground-truth edit (dB)
 * @param ssimTruth SSIM against the ground-truth edit
 * @param psnrOutside PSNR against the source outside the edited region (dB)
 * @param ssimOutside SSIM against the source outside the edited region
 * @param correct whether the edited attribute reads as the ground truth's
 * @param clipScore CLIP score of the edit and the target prompt
 * @param clipDirectional directional CLIP similarity
 * @param seconds wall time of the edit, its inversion included
 * @param modelSeconds of which inside model (TensorFlow) calls
 */
public record CaseScore(
    Method method,
    EditKind kind,
    int objects,
    double psnrTruth,
    double ssimTruth,
    double psnrOutside,
    double ssimOutside,
    boolean correct,
    double clipScore,
    double clipDirectional,
    double seconds,
    double modelSeconds) {}
