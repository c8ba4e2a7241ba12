/**
 * Schema evolution: the released history of every contract schema, the rules of {@code
 * schemas/README.md}, the build-failing check and the command that records a release.
 */
package dev.editstream.schemas.evolution;
