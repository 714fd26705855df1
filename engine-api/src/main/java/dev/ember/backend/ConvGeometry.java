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

    public int outH(int inH, int kH) { return outSize("height", inH, kH, padH, dilationH, strideH); }

    public int outW(int inW, int kW) { return outSize("width", inW, kW, padW, dilationW, strideW); }

    /**
     * In {@code long}, so that large paddings and dilations cannot wrap; a floor division, so that a dilated kernel
     * larger than the padded input gives a size below 1 (the caller refuses it), never a wrapped or rounded-up one.
     * Sizes below 1 come back as 0 or less; a size past the int range (the most one dim holds) is refused naming the geometry.
     */
    private static int outSize(String dim, int in, int k, int pad, int dilation, int stride) {
        long out = Math.floorDiv((long) in + 2L * pad - (long) dilation * (k - 1) - 1, stride) + 1;
        if (out > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("convolution output " + dim + " " + out + " (input " + in + ", kernel " + k
                    + ", padding " + pad + ", dilation " + dilation + ", stride " + stride + ") is more than "
                    + Integer.MAX_VALUE + ", the most one dim holds");
        }
        return (int) Math.max(out, Integer.MIN_VALUE);
    }
}
