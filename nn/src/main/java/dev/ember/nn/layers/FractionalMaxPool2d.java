package dev.ember.nn.layers;

import dev.ember.DType;
import dev.ember.Generator;
import dev.ember.Shape;
import dev.ember.Tensor;
import dev.ember.nn.Module;

import java.util.Arrays;

/**
 * Fractional max pooling (Graham 2014), as PyTorch's {@code nn.FractionalMaxPool2d}: the output size (or its
 * ratio to the input) need not divide the input, and each forward draws, for every {@code (n, c)} plane, one
 * uniform sample per axis that places the windows pseudo-randomly. The windows are gathered and maximised with
 * ordinary tensor ops, so the gradient (to each window's first maximum) comes from autograd. It samples in
 * evaluation mode too, as PyTorch does.
 *
 * <pre>{@code
 * var pool = new FractionalMaxPool2d(2, 0.7);          // 2x2 windows, output 70% of the input's size
 * Tensor y = pool.forward(x);                          // [N, C, 32, 32] -> [N, C, 22, 22]
 * }</pre>
 */
public final class FractionalMaxPool2d extends Module {
    private final int[] kernel;
    private final int[] outputSize;      // null when a ratio is given
    private final double[] outputRatio;  // null when a size is given
    private final Generator generator;

    /** Square windows and a square output of {@code outputSize}. */
    public FractionalMaxPool2d(int kernel, int outputSize) {
        this(Conv2d.square(kernel), Conv2d.square(outputSize), null, Generator.defaultGenerator());
    }

    /** Square windows; the output is {@code floor(input * outputRatio)} on each axis, the ratio in (0, 1). */
    public FractionalMaxPool2d(int kernel, double outputRatio) {
        this(Conv2d.square(kernel), null, new double[] {outputRatio, outputRatio}, Generator.defaultGenerator());
    }

    /** (height, width) pairs; exactly one of {@code outputSize} and {@code outputRatio} is given. */
    public FractionalMaxPool2d(int[] kernel, int[] outputSize, double[] outputRatio, Generator generator) {
        String layer = "FractionalMaxPool2d";
        this.kernel = Arguments.pair(layer, "kernel", kernel, 1);
        if ((outputSize == null) == (outputRatio == null)) {
            throw new IllegalArgumentException(layer + ": give either an output size or an output ratio, not "
                    + (outputSize == null ? "neither" : "both"));
        }
        this.outputSize = outputSize == null ? null : Arguments.pair(layer, "output size", outputSize, 1);
        if (outputRatio != null) {
            if (outputRatio.length != 2 || !inUnitInterval(outputRatio[0]) || !inUnitInterval(outputRatio[1])) {
                throw new IllegalArgumentException(layer + ": output ratio needs 2 values (height, width) in (0, 1), got "
                        + Arrays.toString(outputRatio));
            }
        }
        this.outputRatio = outputRatio == null ? null : outputRatio.clone();
        if (generator == null) throw new IllegalArgumentException(layer + ": generator is null");
        this.generator = generator;
    }

    /** Pools with windows placed by fresh samples from this layer's generator. */
    @Override
    public Tensor forward(Tensor x) {
        checkInput(x);
        return forward(x, generator.rand(x.dtype(), x.size(0), x.size(1), 2));
    }

    /**
     * Pools with windows placed by the given samples (PyTorch's {@code _random_samples}): {@code [N, C, 2]} in
     * [0, 1), the width's sample first, then the height's.
     */
    public Tensor forward(Tensor x, Tensor samples) {
        int[] out = checkInput(x);
        int n = x.size(0);
        int c = x.size(1);
        int h = x.size(2);
        int w = x.size(3);
        if (!Arrays.equals(samples.shape(), new int[] {n, c, 2})) {
            throw new IllegalArgumentException(describe() + ": expected samples of shape [" + n + ", " + c + ", 2], got "
                    + Shape.str(samples.shape()));
        }
        double[] u = samples.toDoubleArray();
        boolean single = x.dtype() == DType.FLOAT32;
        int window = kernel[0] * kernel[1];
        long[] index = new long[n * c * out[0] * out[1] * window];
        int k = 0;
        for (int plane = 0; plane < n * c; plane++) {
            int[] cols = intervals(u[2 * plane], w, out[1], kernel[1], single);
            int[] rows = intervals(u[2 * plane + 1], h, out[0], kernel[0], single);
            for (int row : rows) {
                for (int col : cols) {
                    for (int a = 0; a < kernel[0]; a++) {
                        for (int b = 0; b < kernel[1]; b++) index[k++] = (long) (row + a) * w + col + b;
                    }
                }
            }
        }
        Tensor positions = Tensor.of(index, n, c, index.length / (n * c)).to(x.device());
        Tensor windows = x.reshape(n, c, h * w).gather(2, positions).reshape(n, c, out[0], out[1], window);
        return windows.max(4, false).values();
    }

    /**
     * The first index of each of {@code outSize} windows along an axis, PyTorch's {@code generate_intervals}:
     * {@code floor((i + u) * alpha) - floor(u * alpha)} with {@code alpha = (in - k) / (out - 1)}, the last
     * window flush with the end. Computed in the input's precision so the windows match PyTorch's exactly.
     */
    static int[] intervals(double sample, int inSize, int outSize, int kernel, boolean single) {
        int[] starts = new int[outSize];
        if (outSize > 1) {
            if (single) {
                float alpha = (float) (inSize - kernel) / (float) (outSize - 1);
                float u = (float) sample;
                for (int i = 0; i < outSize - 1; i++) starts[i] = (int) ((i + u) * alpha) - (int) (u * alpha);
            } else {
                double alpha = (double) (inSize - kernel) / (outSize - 1);
                for (int i = 0; i < outSize - 1; i++) starts[i] = (int) ((i + sample) * alpha) - (int) (sample * alpha);
            }
        }
        starts[outSize - 1] = inSize - kernel;
        return starts;
    }

    /** Checks {@code x} and returns the output's (height, width). */
    private int[] checkInput(Tensor x) {
        if (x.rank() != 4) throw wrongShape("[N, C, H, W]", x);
        if (!x.dtype().isFloating()) {
            throw new IllegalArgumentException(describe() + ": expected a float input, got " + x.dtype());
        }
        int[] out = outputSize != null ? outputSize.clone()
                : new int[] {(int) (x.size(2) * outputRatio[0]), (int) (x.size(3) * outputRatio[1])};
        if (out[0] < 1 || out[1] < 1) throw wrongShape("[N, C, H, W] large enough for an output of at least 1x1", x);
        if (out[0] + kernel[0] - 1 > x.size(2) || out[1] + kernel[1] - 1 > x.size(3)) {
            throw wrongShape("[N, C, H, W] with H >= " + (out[0] + kernel[0] - 1) + " and W >= " + (out[1] + kernel[1] - 1)
                    + " for a " + out[0] + "x" + out[1] + " output", x);
        }
        return out;
    }

    private static boolean inUnitInterval(double r) { return r > 0 && r < 1; }

    @Override
    protected String describe() {
        String output = outputSize != null ? "outputSize=" + Arguments.hw(outputSize)
                : "outputRatio=" + (outputRatio[0] == outputRatio[1] ? Double.toString(outputRatio[0]) : Arrays.toString(outputRatio));
        return "FractionalMaxPool2d(kernel=" + Arguments.hw(kernel) + ", " + output + ")";
    }
}
