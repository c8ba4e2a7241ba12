/**
 * The results stage: the only writer of terminal results after intake. Worker outcomes,
 * cancellations and deadlines meet each request's {@code RequestState} ({@link
 * dev.editstream.processors.results.RequestStates}), and exactly one {@code EditResult} per request
 * id comes out ({@link dev.editstream.processors.results.ResultsProcessor}, {@link
 * dev.editstream.processors.results.Decisions}).
 */
package dev.editstream.processors.results;
