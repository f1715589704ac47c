package io.sparknn.engine.kernel;

import io.sparknn.engine.Shape;

/**
 * A {@code kernelH × kernelW} window moved by {@code (strideH, strideW)} over one example's
 * {@code (channels, inH, inW)} image with {@code (padH, padW)} zeros on each side; the window
 * positions form the {@code (outH, outW)} output grid, {@code out = (in + 2·pad − kernel) / stride + 1}
 * floored, as PyTorch's convolution and pooling.
 */
public record Window2d(
        int channels, int inH, int inW, int kernelH, int kernelW, int strideH, int strideW, int padH, int padW) {

    public Window2d {
        if (channels < 1
                || kernelH < 1
                || kernelW < 1
                || strideH < 1
                || strideW < 1
                || padH < 0
                || padW < 0
                || inH + 2 * padH < kernelH
                || inW + 2 * padW < kernelW) {
            throw new IllegalArgumentException(
                    "invalid window: kernel " + kernelH + "x" + kernelW + ", stride " + strideH + "x" + strideW
                            + ", padding " + padH + "x" + padW + " over " + channels + "x" + inH + "x" + inW);
        }
    }

    /** A window over {@code in (channels, inH, inW)}, a layer's input shape. */
    public static Window2d over(Shape in, int kernelH, int kernelW, int strideH, int strideW, int padH, int padW) {
        return new Window2d(in.dim(0), in.dim(1), in.dim(2), kernelH, kernelW, strideH, strideW, padH, padW);
    }

    /** A window without padding (pooling). */
    public static Window2d unpadded(
            int channels, int inH, int inW, int kernelH, int kernelW, int strideH, int strideW) {
        return new Window2d(channels, inH, inW, kernelH, kernelW, strideH, strideW, 0, 0);
    }

    public int outH() {
        return (inH + 2 * padH - kernelH) / strideH + 1;
    }

    public int outW() {
        return (inW + 2 * padW - kernelW) / strideW + 1;
    }

    /** Values of one input plane. */
    public int inArea() {
        return inH * inW;
    }

    /** Window positions per plane. */
    public int outArea() {
        return outH() * outW();
    }

    /** Values of one example's input: channels · inH · inW. */
    public int inSize() {
        return channels * inArea();
    }

    /** Values under one window across all channels: the rows of an im2col matrix. */
    public int patch() {
        return channels * kernelH * kernelW;
    }
}
