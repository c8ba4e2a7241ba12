/**
 * Edits of inverted or plain images: {@link dev.editstream.workers.engine.edit.Editor} runs
 * prompt-to-prompt (replace, refine, re-weight; cross- and self-attention injection, P2Plus
 * unconditional injection), plain word swaps, local blending, user-mask blending and SDEdit, all
 * through one guided DDIM sampling loop over a batch of source and target rows.
 */
package dev.editstream.workers.engine.edit;
