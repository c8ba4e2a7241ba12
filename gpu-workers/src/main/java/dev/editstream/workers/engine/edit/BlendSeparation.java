package dev.editstream.workers.engine.edit;

import java.util.List;

/**
 * The words of the source prompt that tell the edited object from the other objects, for local
 * blending in scenes where the blend word names more than one object: "square" against "circle" in
 * "a small pink circle and a large pink square" when the square turns green. The blend keeps only
 * the pixels where the object's words attend at least as much as the others' (see {@link
 * dev.editstream.workers.engine.control.LocalBlend#separated}); every occurrence of each word
 * counts.
 *
 * @param objectWords words naming the edited object and not the others
 * @param otherWords words naming the other objects and not the edited one
 */
public record BlendSeparation(List<String> objectWords, List<String> otherWords) {
  /** Validates and copies. */
  public BlendSeparation {
    if (objectWords.isEmpty() || otherWords.isEmpty()) {
      throw new IllegalArgumentException(
          "a blend separation needs words on both sides, were "
              + objectWords
              + " and "
              + otherWords);
    }
    objectWords = List.copyOf(objectWords);
    otherWords = List.copyOf(otherWords);
  }
}
