package io.sparknn.engine.layer;

import io.sparknn.engine.Shape;
import io.sparknn.engine.Storage;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Batch normalisation over features ({@code (n, f)}, PyTorch's {@code BatchNorm1d}) or over
 * channels ({@code (n, c, h, w)}, {@code BatchNorm2d}). Parameters {@code gamma (C)} then
 * {@code beta (C)}; buffers {@code running_mean (C)} then {@code running_var (C)}. In training the
 * statistics are the batch's (biased variance for normalising, unbiased for the running update,
 * {@code running = (1 − momentum)·running + momentum·batch}); at inference the running ones.
 */
public record BatchNormSpec(double eps, double momentum) implements LayerSpec {
    public static final String KIND = "batchnorm";

    /** Channels (or features) normalised for this input. */
    public static int channels(Shape in) {
        if (in.rank() != 1 && in.rank() != 3) {
            throw new SpecException("batchnorm needs a (features) or (channels, height, width) input, got " + in);
        }
        return in.dim(0);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Shape outputShape(Shape in) {
        channels(in);
        return in;
    }

    @Override
    public int paramCount(Shape in) {
        return 2 * channels(in);
    }

    @Override
    public int bufferCount(Shape in) {
        return 2 * channels(in);
    }

    @Override
    public void initialize(Storage params, int offset, Shape in, RandomGenerator rng) {
        int c = channels(in);
        for (int i = 0; i < c; i++) {
            params.set(offset + i, 1);
            params.set(offset + c + i, 0);
        }
    }

    @Override
    public void initializeBuffers(Storage buffers, int offset, Shape in) {
        int c = channels(in);
        for (int i = 0; i < c; i++) {
            buffers.set(offset + i, 0);
            buffers.set(offset + c + i, 1);
        }
    }

    @Override
    public boolean couplesExamples() {
        return true;
    }

    @Override
    public Layer create(LayerContext ctx) {
        return new BatchNorm(ctx, this);
    }

    @Override
    public Map<String, SpecValue> fields() {
        return SpecValue.fields("eps", SpecValue.real(eps), "momentum", SpecValue.real(momentum));
    }

    static BatchNormSpec read(SpecFields f) {
        return new BatchNormSpec(f.number("eps", 0, 1, 1e-5), f.number("momentum", 0, 1, 0.1));
    }
}
