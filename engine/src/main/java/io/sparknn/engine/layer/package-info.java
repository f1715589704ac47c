/**
 * Layers: a {@link io.sparknn.engine.layer.LayerSpec} per kind (plain data: sizes, parameter count,
 * text form) and the {@link io.sparknn.engine.layer.Layer} that computes its forward and backward
 * pass over views into the network's flat parameter, gradient and buffer storages.
 */
package io.sparknn.engine.layer;
