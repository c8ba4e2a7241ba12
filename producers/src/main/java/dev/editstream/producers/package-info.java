/**
 * Submitting and cancelling edit requests and watching their progress and results: client library
 * and command line.
 */
package dev.editstream.producers;
