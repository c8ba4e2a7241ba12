/**
 * Prompt-to-prompt control (Hertz et al., google/prompt-to-prompt): {@link
 * dev.editstream.workers.engine.control.TokenAlignment} maps a source prompt's tokens to a target
 * prompt's (word swap, refinement by sequence alignment, re-weighting equalizer) as the {@code
 * token_map} / {@code token_alpha} of {@code denoise_p2p}; {@link
 * dev.editstream.workers.engine.control.InjectionSchedule} says per step how strongly cross- and
 * self-attention are injected; {@link dev.editstream.workers.engine.control.LocalBlend} turns
 * cross-attention maps of chosen words into a blending mask.
 */
package dev.editstream.workers.engine.control;
