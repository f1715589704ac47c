package io.sparknn.engine.optim;

import io.sparknn.engine.optim.ParameterTensors.Exclude;

/**
 * What {@link LarsSpec} and {@link LambSpec} share for {@link TrustRatioOptimizer}: which tensors
 * take the trust ratio and the weight decay ({@code exclude}), and the decay itself.
 */
public sealed interface TrustRatioSpec extends OptimizerSpec permits LarsSpec, LambSpec {
    /** The tensors left out of the trust ratio and the weight decay. */
    Exclude exclude();

    double weightDecay();
}
