package dev.ember.nn.layers;

import dev.ember.Tensor;
import dev.ember.nn.Module;

/**
 * What the sliding-window 1-D poolings share: a window, a stride (the window's size unless given), a padding
 * of at most half the window, and the input check on {@code [N, C, L]}.
 */
abstract class Pool1d extends Module {
    final int kernel;
    final int stride;
    final int padding;

    Pool1d(int kernel, int stride, int padding) {
        String layer = getClass().getSimpleName();
        this.kernel = Arguments.atLeast(layer, "kernel", kernel, 1);
        this.stride = Arguments.atLeast(layer, "stride", stride, 1);
        this.padding = Arguments.atLeast(layer, "padding", padding, 0);
        if (2 * padding > kernel) {
            throw new IllegalArgumentException(layer + ": padding must be at most half the kernel, got padding "
                    + padding + " for kernel " + kernel);
        }
    }

    /** Throws naming this layer unless {@code x} is {@code [N, C, L]} with room for one window. */
    final void checkInput(Tensor x) {
        if (x.rank() != 3) throw wrongShape("[N, C, L]", x);
        if (Conv2d.outputSize(x.size(2), kernel, padding, stride) < 1) {
            throw wrongShape("[N, C, L] with L >= " + (kernel - 2 * padding), x);
        }
    }

    String settings() {
        return "kernel=" + kernel + ", stride=" + stride + (padding == 0 ? "" : ", padding=" + padding);
    }

    @Override
    protected String describe() { return getClass().getSimpleName() + "(" + settings() + ")"; }
}
