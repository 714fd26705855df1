package dev.ember.nn.layers;

import dev.ember.Tensor;
import dev.ember.backend.PoolGeometry;
import dev.ember.nn.Module;

/**
 * What the sliding-window 2-D poolings share: a window, a stride (the window's size unless given) and a
 * padding of at most half the window, each a (height, width) pair, and the input check on {@code [N, C, H, W]}.
 */
abstract class Pool2d extends Module {
    final int[] kernel;
    final int[] stride;
    final int[] padding;

    Pool2d(int[] kernel, int[] stride, int[] padding) {
        String layer = getClass().getSimpleName();
        this.kernel = Arguments.pair(layer, "kernel", kernel, 1);
        this.stride = stride == null ? this.kernel.clone() : Arguments.pair(layer, "stride", stride, 1);
        this.padding = Arguments.pair(layer, "padding", padding, 0);
        Arguments.poolPadding(layer, this.kernel, this.padding);
    }

    final PoolGeometry geometry() {
        return new PoolGeometry(kernel[0], kernel[1], stride[0], stride[1], padding[0], padding[1]);
    }

    /** Throws naming this layer unless {@code x} is {@code [N, C, H, W]} with room for one window. */
    final void checkInput(Tensor x) {
        if (x.rank() != 4) throw wrongShape("[N, C, H, W]", x);
        if (Conv2d.outputSize(x.size(2), kernel[0], padding[0], stride[0]) < 1
                || Conv2d.outputSize(x.size(3), kernel[1], padding[1], stride[1]) < 1) {
            throw wrongShape("[N, C, H, W] with H >= " + (kernel[0] - 2 * padding[0]) + " and W >= "
                    + (kernel[1] - 2 * padding[1]), x);
        }
    }

    /** The settings part of {@link #describe()}, PyTorch-like: {@code kernel=2, stride=2}. */
    String settings() {
        String s = "kernel=" + Arguments.hw(kernel) + ", stride=" + Arguments.hw(stride);
        return padding[0] == 0 && padding[1] == 0 ? s : s + ", padding=" + Arguments.hw(padding);
    }

    @Override
    protected String describe() { return getClass().getSimpleName() + "(" + settings() + ")"; }
}
