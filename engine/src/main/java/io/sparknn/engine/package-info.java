/**
 * The engine's public API: {@link io.sparknn.engine.NetworkSpec} (a network as plain data),
 * {@link io.sparknn.engine.Network} (flat parameters, gradients and buffers; forward, backward,
 * predict), {@link io.sparknn.engine.Storage} (flat float32 or float64 arrays) and
 * {@link io.sparknn.engine.Batch}. No Spark and no Scala here.
 */
package io.sparknn.engine;
