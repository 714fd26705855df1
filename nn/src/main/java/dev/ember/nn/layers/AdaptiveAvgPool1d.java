package dev.ember.nn.layers;

import dev.ember.Tensor;
import dev.ember.nn.Module;
import dev.ember.nn.functional.F;

/**
 * Average pooling of {@code [N, C, L]} to {@code [N, C, outputSize]} whatever the input size, as PyTorch's
 * {@code nn.AdaptiveAvgPool1d}: output position {@code i} pools the inputs {@code floor(i in / out)} to
 * {@code ceil((i + 1) in / out)} (exclusive).
 *
 * <pre>{@code
 * Tensor y = new AdaptiveAvgPool1d(8).forward(x);    // [N, C, 100] -> [N, C, 8]
 * }</pre>
 */
public final class AdaptiveAvgPool1d extends Module {
    private final int outputSize;

    public AdaptiveAvgPool1d(int outputSize) { this.outputSize = Arguments.atLeast("AdaptiveAvgPool1d", "output size", outputSize, 1); }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 3) throw wrongShape("[N, C, L]", x);
        return F.adaptiveAvgPool1d(x, outputSize);
    }

    @Override
    protected String describe() { return "AdaptiveAvgPool1d(" + outputSize + ")"; }
}
