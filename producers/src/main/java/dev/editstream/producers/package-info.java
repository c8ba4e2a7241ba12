/** Submitting edit requests and watching their results: client library and command line. */
package dev.editstream.producers;
