package dev.ember.nn.layers;

import dev.ember.Tensor;
import dev.ember.nn.Module;

/**
 * The mean over each whole feature map: {@code [N, C, H, W] -> [N, C]} (PyTorch:
 * {@code AdaptiveAvgPool2d(1)} then flatten).
 *
 * <pre>{@code
 * Tensor pooled = new GlobalAvgPool2d().forward(features);   // [N, 512, 7, 7] -> [N, 512]
 * }</pre>
 */
public final class GlobalAvgPool2d extends Module {
    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 4 || x.size(2) < 1 || x.size(3) < 1) throw wrongShape("[N, C, H, W]", x);
        return x.mean(new int[] {2, 3}, false);
    }
}
