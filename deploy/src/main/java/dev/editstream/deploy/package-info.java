/**
 * The editstream launcher: the embedded single-machine stack, configuration and topic provisioning.
 */
package dev.editstream.deploy;
