package io.sparknn.engine.layer;

import io.sparknn.engine.Shape;
import java.util.Map;

/**
 * Max or average pooling over {@code (n, c, h, w)} windows of {@code kernelH × kernelW} moved by
 * the stride (default: the kernel size), no padding: {@code out = (in − kernel) / stride + 1}, floored,
 * as PyTorch's {@code nn.MaxPool2d} / {@code nn.AvgPool2d}. Max-pool sends each window's gradient to
 * its argmax, per example; on ties to the first maximum in row-major order.
 */
public record Pool2dSpec(boolean max, int kernelH, int kernelW, int strideH, int strideW) implements LayerSpec {
    public static final String MAX = "maxpool2d";
    public static final String AVG = "avgpool2d";

    public Pool2dSpec {
        if (kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1) {
            throw new SpecException((max ? MAX : AVG) + ": kernel and stride must be >= 1, got kernel " + kernelH + "x"
                    + kernelW + ", stride " + strideH + "x" + strideW);
        }
    }

    @Override
    public String kind() {
        return max ? MAX : AVG;
    }

    @Override
    public Shape outputShape(Shape in) {
        if (in.rank() != 3) {
            throw new SpecException(kind() + " needs a (channels, height, width) input, got " + in);
        }
        if (in.dim(1) < kernelH || in.dim(2) < kernelW) {
            throw new SpecException(kind() + " window " + kernelH + "x" + kernelW + " is larger than input " + in);
        }
        return Shape.of(in.dim(0), (in.dim(1) - kernelH) / strideH + 1, (in.dim(2) - kernelW) / strideW + 1);
    }

    @Override
    public Layer create(LayerContext ctx) {
        return max ? new MaxPool2d(ctx, this) : new AvgPool2d(ctx, this);
    }

    @Override
    public Map<String, SpecValue> fields() {
        return SpecValue.fields(
                "kernel", SpecValue.sizes(kernelH, kernelW), "stride", SpecValue.sizes(strideH, strideW));
    }

    static Pool2dSpec read(boolean max, SpecFields f) {
        int[] k = f.pair("kernel", 1, null);
        if (k == null) {
            throw f.missing("kernel");
        }
        int[] s = f.pair("stride", 1, k);
        return new Pool2dSpec(max, k[0], k[1], s[0], s[1]);
    }
}
