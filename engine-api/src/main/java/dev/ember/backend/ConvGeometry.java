package dev.ember.backend;

/**
 * Stride, padding, dilation and groups of a 2-D convolution (1-D convolutions run as 2-D with height 1).
 * Output size per spatial dim: {@code (in + 2*pad - dilation*(k-1) - 1) / stride + 1}.
 */
public record ConvGeometry(int strideH, int strideW, int padH, int padW, int dilationH, int dilationW, int groups) {

    public ConvGeometry {
        if (strideH < 1 || strideW < 1) throw new IllegalArgumentException("stride must be >= 1, got " + strideH + "x" + strideW);
        if (padH < 0 || padW < 0) throw new IllegalArgumentException("padding must be >= 0, got " + padH + "x" + padW);
        if (dilationH < 1 || dilationW < 1) throw new IllegalArgumentException("dilation must be >= 1, got " + dilationH + "x" + dilationW);
        if (groups < 1) throw new IllegalArgumentException("groups must be >= 1, got " + groups);
    }

    public int outH(int inH, int kH) { return (inH + 2 * padH - dilationH * (kH - 1) - 1) / strideH + 1; }

    public int outW(int inW, int kW) { return (inW + 2 * padW - dilationW * (kW - 1) - 1) / strideW + 1; }
}
