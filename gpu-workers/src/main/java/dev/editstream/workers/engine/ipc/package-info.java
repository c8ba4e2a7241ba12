/**
 * SD-IPC image-to-prompt conversion (Ding et al., "The CLIP Model is Secretly an Image-to-Prompt
 * Converter"): {@link dev.editstream.workers.engine.ipc.ImagePromptConverter} maps an image's
 * projected embedding back into the text encoder's token space through the pseudo-inverse of the
 * text projection, giving pseudo-prompts for variations and image + text prompts; {@link
 * dev.editstream.workers.engine.ipc.ZeroShotCaptioner} captions images by matching candidates.
 */
package dev.editstream.workers.engine.ipc;
