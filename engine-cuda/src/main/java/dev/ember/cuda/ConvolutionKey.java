package dev.ember.cuda;

import dev.ember.DType;
import dev.ember.backend.ConvGeometry;
import java.util.Arrays;

/**
 * Everything a {@link ConvolutionPlan} depends on, so the backend can cache plans by it: the dtype, the input
 * {@code [batch, inChannels, height, width]}, the filter {@code [outChannels, inChannels / groups, kernelH, kernelW]},
 * the geometry, and whether float32 may use TF32 tensor cores ({@code false} for the other dtypes, where it means
 * nothing). float16 and bfloat16 data accumulate in float32 ({@link #computeType}), as PyTorch's cuDNN convolutions
 * and the CPU's half convolution do, and may use tensor cores ({@link #mathType}).
 *
 * <pre>{@code
 * var key = ConvolutionKey.of(DType.FLOAT32, new int[] {8, 3, 32, 32}, new int[] {16, 3, 3, 3},
 *         new ConvGeometry(1, 1, 1, 1, 1, 1, 1), false);
 * key.yShape();   // [8, 16, 32, 32]
 * }</pre>
 */
record ConvolutionKey(DType dtype, int batch, int inChannels, int height, int width,
                             int outChannels, int kernelH, int kernelW, ConvGeometry geometry, boolean allowTf32) {

    public ConvolutionKey {
        if (!CudnnConvolution.supports(dtype)) {
            throw new IllegalArgumentException("cuDNN convolution takes float32, float64, float16 or bfloat16, got "
                    + dtype);
        }
        allowTf32 = allowTf32 && dtype == DType.FLOAT32;
        int groups = geometry.groups();
        if (batch < 1 || inChannels < 1 || height < 1 || width < 1 || outChannels < 1 || kernelH < 1 || kernelW < 1) {
            throw new IllegalArgumentException("convolution sizes must be >= 1: x [" + batch + ", " + inChannels + ", "
                    + height + ", " + width + "], w [" + outChannels + ", " + inChannels / Math.max(groups, 1) + ", "
                    + kernelH + ", " + kernelW + "]");
        }
        if (inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException("groups " + groups + " must divide input channels " + inChannels
                    + " and output channels " + outChannels);
        }
        if (geometry.outH(height, kernelH) < 1 || geometry.outW(width, kernelW) < 1) {
            throw new IllegalArgumentException("convolution of x " + Arrays.toString(new int[] {batch, inChannels,
                    height, width}) + " with a " + kernelH + "x" + kernelW + " kernel and " + geometry
                    + " has an empty output");
        }
    }

    /** The key for contiguous {@code x} and {@code w} of these shapes, checking that they fit together. */
    public static ConvolutionKey of(DType dtype, int[] xShape, int[] wShape, ConvGeometry geometry, boolean allowTf32) {
        if (xShape.length != 4 || wShape.length != 4) {
            throw new IllegalArgumentException("convolution needs x [N, C, H, W] and w [M, C/groups, kH, kW], got x "
                    + Arrays.toString(xShape) + " and w " + Arrays.toString(wShape));
        }
        if (wShape[1] * geometry.groups() != xShape[1]) {
            throw new IllegalArgumentException("w " + Arrays.toString(wShape) + " with groups " + geometry.groups()
                    + " takes " + wShape[1] * geometry.groups() + " input channels, x " + Arrays.toString(xShape)
                    + " has " + xShape[1]);
        }
        return new ConvolutionKey(dtype, xShape[0], xShape[1], xShape[2], xShape[3], wShape[0], wShape[2],
                wShape[3], geometry, allowTf32);
    }

    public int[] xShape() {
        return new int[] {batch, inChannels, height, width};
    }

    public int[] wShape() {
        return new int[] {outChannels, inChannels / geometry.groups(), kernelH, kernelW};
    }

    public int[] yShape() {
        return new int[] {batch, outChannels, geometry.outH(height, kernelH), geometry.outW(width, kernelW)};
    }

    /**
     * The dtype the convolution descriptors accumulate in: float32 for the half types (cuDNN's PSEUDO_HALF and
     * PSEUDO_BFLOAT16 configurations: half in and out, products summed in float and rounded once, as the CPU's half
     * convolution), the data's own dtype otherwise.
     */
    DType computeType() {
        return dtype.isHalf() ? DType.FLOAT32 : dtype;
    }

    /**
     * The cuDNN math type the descriptors start with. cuDNN's {@code CUDNN_DEFAULT_MATH} lets float32 run on TF32
     * tensor cores on A100 and newer, which the CPU reference would not match to float32 tolerance, so float32
     * without TF32 asks for {@code CUDNN_FMA_MATH}; float64 has no such rounding and uses the default. The half
     * types ask for {@code CUDNN_TENSOR_OP_MATH}, as PyTorch does: tensor cores multiply half operands exactly and
     * accumulate in float32, so they keep the float32 compute type's promise.
     */
    Cudnn.MathType mathType() {
        if (dtype.isHalf()) return Cudnn.MathType.TENSOR_OP;
        return dtype == DType.FLOAT32 && !allowTf32 ? Cudnn.MathType.FMA : Cudnn.MathType.DEFAULT;
    }

    /** Whether an algorithm running in {@code mathType} keeps this key's precision promise. */
    boolean permits(Cudnn.MathType mathType) {
        return mathType() != Cudnn.MathType.FMA || mathType == Cudnn.MathType.FMA;
    }
}
