/**
 * Unchecked inner loops, one interface per family with a float32 source ({@code Float*Kernels})
 * and a float64 twin generated from it at build time, and the BLAS in use. Layers check shapes
 * once and call these with valid offsets.
 */
package io.sparknn.engine.kernel;
