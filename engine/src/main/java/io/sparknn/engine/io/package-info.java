/**
 * Model files: a trained network ({@link io.sparknn.engine.io.Model}: spec, parameters, buffers,
 * input preprocessing, optimizer and its state) written to and read from a versioned, checksummed
 * binary file ({@link io.sparknn.engine.io.ModelFile}). The network is stored as its spec text,
 * never as Java class names, so a file outlives refactorings; a reader accepts every older format
 * version and rejects a newer one with a message that says to upgrade.
 */
package io.sparknn.engine.io;
