package dev.ember.nn.layers;

import java.util.Arrays;

/** Constructor-argument checks shared by the layers, so each bad hyperparameter names its layer. */
final class Arguments {
    private Arguments() {}

    static int atLeast(String layer, String what, int value, int min) {
        if (value < min) throw new IllegalArgumentException(layer + ": " + what + " must be >= " + min + ", got " + value);
        return value;
    }

    /** A (height, width) pair, each at least {@code min}; returns a copy. */
    static int[] pair(String layer, String what, int[] values, int min) {
        if (values == null || values.length != 2) {
            throw new IllegalArgumentException(layer + ": " + what + " needs 2 values (height, width), got "
                    + (values == null ? "null" : Arrays.toString(values)));
        }
        for (int v : values) {
            if (v < min) {
                throw new IllegalArgumentException(layer + ": " + what + " must be >= " + min + ", got " + Arrays.toString(values));
            }
        }
        return values.clone();
    }

    /** Pooling padding: PyTorch allows at most half the window, so every window holds a real element. */
    static void poolPadding(String layer, int[] kernel, int[] padding) {
        for (int i = 0; i < 2; i++) {
            if (2 * padding[i] > kernel[i]) {
                throw new IllegalArgumentException(layer + ": padding must be at most half the kernel, got padding "
                        + Arrays.toString(padding) + " for kernel " + Arrays.toString(kernel));
            }
        }
    }

    /** PyTorch's rule for transposed convolutions: the output padding must be smaller than the stride or the dilation. */
    static void outputPadding(String layer, int outputPadding, int stride, int dilation) {
        if (outputPadding >= stride && outputPadding >= dilation) {
            throw new IllegalArgumentException(layer + ": outputPadding must be smaller than either stride or dilation, got outputPadding "
                    + outputPadding + ", stride " + stride + ", dilation " + dilation);
        }
    }

    static String hw(int[] v) { return v[0] == v[1] ? Integer.toString(v[0]) : "(" + v[0] + ", " + v[1] + ")"; }
}
