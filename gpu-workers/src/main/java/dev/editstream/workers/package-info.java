/** The editing engine and the worker runtime that runs it on jobs from Kafka. */
package dev.editstream.workers;
