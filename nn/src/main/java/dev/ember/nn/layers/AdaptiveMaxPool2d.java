package dev.ember.nn.layers;

import dev.ember.Tensor;
import dev.ember.nn.Module;
import dev.ember.nn.functional.F;

/**
 * Max pooling of {@code [N, C, H, W]} to {@code [N, C, outH, outW]} whatever the input size, as PyTorch's
 * {@code nn.AdaptiveMaxPool2d}: output position {@code i} pools the inputs {@code floor(i in / out)} to
 * {@code ceil((i + 1) in / out)} (exclusive).
 *
 * <pre>{@code
 * Tensor y = new AdaptiveMaxPool2d(7).forward(x);    // [N, C, H, W], any H and W -> [N, C, 7, 7]
 * }</pre>
 */
public final class AdaptiveMaxPool2d extends Module {
    private final int[] outputSize;

    public AdaptiveMaxPool2d(int outputSize) { this(new int[] {outputSize, outputSize}); }

    /** (height, width). */
    public AdaptiveMaxPool2d(int[] outputSize) { this.outputSize = Arguments.pair("AdaptiveMaxPool2d", "output size", outputSize, 1); }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 4) throw wrongShape("[N, C, H, W]", x);
        return F.adaptiveMaxPool2d(x, outputSize);
    }

    @Override
    protected String describe() { return "AdaptiveMaxPool2d(" + Arguments.hw(outputSize) + ")"; }
}
