/** The embedded single-node KRaft Kafka broker of single-machine mode. */
package dev.editstream.deploy.broker;
