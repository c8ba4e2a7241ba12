/**
 * Edits of inverted or plain images: {@link dev.editstream.workers.engine.edit.Editor} runs
 * prompt-to-prompt (replace, refine, re-weight; cross- and self-attention injection, P2Plus
 * unconditional injection), plain word swaps, local blending (optionally narrowed to one of several
 * objects the blend word names, {@link dev.editstream.workers.engine.edit.BlendSeparation}),
 * user-mask blending and SDEdit, all through one guided DDIM sampling loop over a batch of source
 * and target rows.
 */
package dev.editstream.workers.engine.edit;
