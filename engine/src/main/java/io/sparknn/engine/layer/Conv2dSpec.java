package io.sparknn.engine.layer;

import io.sparknn.engine.Shape;
import io.sparknn.engine.Storage;
import io.sparknn.engine.init.Init;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * 2-d convolution (cross-correlation, as PyTorch's {@code nn.Conv2d}) over {@code (n, c, h, w)}
 * with zero padding: {@code out = (in + 2·pad − kernel) / stride + 1}, floored. Parameters:
 * {@code W (filters, c, kh, kw)} then {@code b (filters)}: exactly one bias per output filter; with
 * {@code bias} false ({@code nn.Conv2d(bias=False)}, for a layer that batch norm follows) {@code W} alone.
 */
public record Conv2dSpec(
        int filters, int kernelH, int kernelW, int strideH, int strideW, int padH, int padW, Init init, boolean bias)
        implements LayerSpec {
    public static final String KIND = "conv2d";

    /** With a bias. */
    public Conv2dSpec(int filters, int kernelH, int kernelW, int strideH, int strideW, int padH, int padW, Init init) {
        this(filters, kernelH, kernelW, strideH, strideW, padH, padW, init, true);
    }

    public Conv2dSpec {
        if (filters < 1 || kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1 || padH < 0 || padW < 0) {
            throw new SpecException("conv2d: filters, kernel and stride must be >= 1 and padding >= 0, got filters "
                    + filters + ", kernel " + kernelH + "x" + kernelW + ", stride " + strideH + "x" + strideW
                    + ", padding " + padH + "x" + padW);
        }
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Shape outputShape(Shape in) {
        if (in.rank() != 3) {
            throw new SpecException("conv2d needs a (channels, height, width) input, got " + in);
        }
        int oh = (in.dim(1) + 2 * padH - kernelH);
        int ow = (in.dim(2) + 2 * padW - kernelW);
        if (oh < 0 || ow < 0) {
            throw new SpecException("conv2d kernel " + kernelH + "x" + kernelW + " with padding " + padH + "x" + padW
                    + " does not fit input " + in);
        }
        return Shape.of(filters, oh / strideH + 1, ow / strideW + 1);
    }

    @Override
    public int paramCount(Shape in) {
        return Math.addExact(Math.multiplyExact(filters, in.dim(0) * kernelH * kernelW), bias ? filters : 0);
    }

    @Override
    public void initialize(Storage params, int offset, Shape in, RandomGenerator rng) {
        int area = kernelH * kernelW;
        init.fill(params, offset, filters * in.dim(0) * area, in.dim(0) * area, filters * area, rng);
    }

    @Override
    public Layer create(LayerContext ctx) {
        return new Conv2d(ctx, this);
    }

    /** {@code bias} only when false: a layer with a bias keeps the line and config it always had. */
    @Override
    public Map<String, SpecValue> fields() {
        Map<String, SpecValue> f = new LinkedHashMap<>();
        f.put("filters", SpecValue.integer(filters));
        f.put("kernel", SpecValue.sizes(kernelH, kernelW));
        f.put("stride", SpecValue.sizes(strideH, strideW));
        f.put("padding", SpecValue.sizes(padH, padW));
        f.put("init", SpecValue.name(init.text()));
        if (!bias) {
            f.put("bias", SpecValue.bool(false));
        }
        return f;
    }

    static Conv2dSpec read(SpecFields f) {
        int filters = f.integer("filters", 1);
        int[] k = f.pair("kernel", 1, null);
        if (k == null) {
            throw f.missing("kernel");
        }
        int[] s = f.pair("stride", 1, new int[] {1, 1});
        int[] p = f.pair("padding", 0, new int[] {0, 0});
        return new Conv2dSpec(
                filters, k[0], k[1], s[0], s[1], p[0], p[1], f.init("init", Init.HE_UNIFORM), f.flag("bias", true));
    }
}
