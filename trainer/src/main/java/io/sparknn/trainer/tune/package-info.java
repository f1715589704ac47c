/**
 * Choosing the optimizer and the learning rate, on top of the run orchestrator (every sweep and
 * trial is a normal {@link io.sparknn.trainer.run.TrainingRun} in a run directory of its own):
 *
 * <ul>
 *   <li>{@link io.sparknn.trainer.tune.LrFinder}: Smith's learning-rate range test (2015; fastai's
 *       {@code lr_find}): an exponential ramp of the rate at the config's global batch, the loss
 *       smoothed by {@link io.sparknn.trainer.tune.SmoothedLoss}, and the curve's suggestions
 *       ({@link io.sparknn.trainer.tune.LrCurve});
 *   <li>{@link io.sparknn.trainer.tune.Comparison}: an equal-budget comparison of optimizers,
 *       each given the same number of quasi-random trials ({@link io.sparknn.trainer.tune.Halton})
 *       over its documented search space ({@link io.sparknn.trainer.tune.SearchSpace}), its winner
 *       re-run with three seeds, beside PyTorch's defaults.
 * </ul>
 */
package io.sparknn.trainer.tune;
