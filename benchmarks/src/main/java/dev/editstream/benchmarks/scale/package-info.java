/** The scale-out benchmark: one worker process against two, on one machine, in one run. */
package dev.editstream.benchmarks.scale;
