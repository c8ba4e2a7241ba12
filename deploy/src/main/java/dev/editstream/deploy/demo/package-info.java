/** The demo: sample images and requests, submitted to a stack, with their outcomes printed. */
package dev.editstream.deploy.demo;
