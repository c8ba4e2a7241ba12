/** The {@code models} command line: train, export and evaluate the bundled model. */
package dev.editstream.models.cli;
