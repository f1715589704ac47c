/**
 * Optimizers over flat parameter vectors, each following PyTorch's published update rule and
 * defaults; their state is plain arrays for checkpoints.
 */
package io.sparknn.engine.optim;
