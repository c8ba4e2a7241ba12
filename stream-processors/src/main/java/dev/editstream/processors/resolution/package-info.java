/**
 * The resolution stage, written once and used twice (captions by image hash, inversions by
 * inversion key): look a key up in a compacted table; on a hit answer at once; on a miss issue
 * exactly one job for the key and park every later request for it; when the job's record arrives
 * release every parked request, or fail each with the job's reason. See {@link
 * dev.editstream.processors.resolution.ResolutionProcessor} for the rules and {@link
 * dev.editstream.processors.resolution.ResolutionStage} for the two instances.
 */
package dev.editstream.processors.resolution;
