package dev.ember.backend;

/**
 * Window, stride and padding of a 2-D pooling (1-D pooling runs as 2-D with height 1). Padded positions never
 * win a max and are not counted by an average ({@code count_include_pad=False} in PyTorch's terms).
 */
public record PoolGeometry(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW) {

    public PoolGeometry {
        if (kernelH < 1 || kernelW < 1) throw new IllegalArgumentException("pooling: the kernel (window) must be >= 1, got " + kernelH + "x" + kernelW);
        if (strideH < 1 || strideW < 1) throw new IllegalArgumentException("pooling: the stride must be >= 1, got " + strideH + "x" + strideW);
        if (padH < 0 || padW < 0 || 2L * padH > kernelH || 2L * padW > kernelW) {
            throw new IllegalArgumentException("pooling: the padding must be between 0 and half the kernel (window), got "
                    + padH + "x" + padW + " for window " + kernelH + "x" + kernelW);
        }
    }

    /** A window larger than the padded input gives a size below 1 (a floor division), which the caller refuses. */
    public int outH(int inH) { return (int) (Math.floorDiv((long) inH + 2L * padH - kernelH, strideH) + 1); }

    public int outW(int inW) { return (int) (Math.floorDiv((long) inW + 2L * padW - kernelW, strideW) + 1); }
}
