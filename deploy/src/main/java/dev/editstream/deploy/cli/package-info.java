/**
 * The launcher's own commands, {@code up} and {@code demo}, and the configuration defaults it gives
 * the client commands it mounts ({@code submit}, {@code watch}).
 */
package dev.editstream.deploy.cli;
