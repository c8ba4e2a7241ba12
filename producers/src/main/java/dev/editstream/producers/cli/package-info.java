/**
 * The client commands {@code submit}, {@code cancel} and {@code watch} (picocli), mounted by the
 * {@code editstream} launcher and usable on their own.
 */
package dev.editstream.producers.cli;
