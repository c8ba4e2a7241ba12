/**
 * Typed, validated configuration of the launcher: keys with defaults, a properties file and {@code
 * EDITSTREAM_...} environment overrides.
 */
package dev.editstream.deploy.config;
