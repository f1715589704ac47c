package io.sparknn.engine.optim;

import io.sparknn.engine.optim.ParameterTensors.Exclude;

/**
 * What {@link TrustRatioOptimizer} reads of {@link LarsSpec} and {@link LambSpec}: which tensors
 * take the trust ratio and the weight decay.
 */
public sealed interface TrustRatioSpec extends OptimizerSpec permits LarsSpec, LambSpec {
    /** The tensors left out of the trust ratio and the weight decay. */
    Exclude exclude();
}
