package dev.ember.nn.layers;

import dev.ember.Tensor;
import dev.ember.nn.Module;

/**
 * The maximum over each whole feature map: {@code [N, C, H, W] -> [N, C]} (PyTorch:
 * {@code AdaptiveMaxPool2d(1)} then flatten). Ties share the gradient evenly.
 *
 * <pre>{@code
 * Tensor pooled = new GlobalMaxPool2d().forward(features);   // [N, 64, 7, 7] -> [N, 64]
 * }</pre>
 */
public final class GlobalMaxPool2d extends Module {
    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 4 || x.size(2) < 1 || x.size(3) < 1) throw wrongShape("[N, C, H, W]", x);
        return x.amax(new int[] {2, 3}, false);
    }
}
