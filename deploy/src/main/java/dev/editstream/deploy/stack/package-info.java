/**
 * The single-machine stack: broker, provisioning, schema registry, blob store and intake started
 * together, checked for health, and stopped in reverse order.
 */
package dev.editstream.deploy.stack;
