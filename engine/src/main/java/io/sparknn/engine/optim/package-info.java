/**
 * Optimizers over flat parameter vectors, each following PyTorch's published update rule and
 * defaults; their state is plain arrays for checkpoints. Also learning-rate schedules as data
 * ({@link io.sparknn.engine.optim.LrSchedule}, a closed-form function of the optimizer step) and
 * clipping by global L2 norm ({@link io.sparknn.engine.optim.GradientClipping}). Golden tests
 * compare all of them with PyTorch (tools/pytorch/).
 */
package io.sparknn.engine.optim;
