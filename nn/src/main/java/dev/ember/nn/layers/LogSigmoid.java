package dev.ember.nn.layers;

import dev.ember.Tensor;
import dev.ember.nn.Module;

/**
 * {@code log(sigmoid(x))}, computed as {@code -softplus(-x)} so it neither overflows nor underflows, as PyTorch's
 * {@code nn.LogSigmoid}.
 *
 * <pre>{@code
 * Tensor logP = new LogSigmoid().forward(logits);
 * }</pre>
 */
public final class LogSigmoid extends Module {
    @Override
    public Tensor forward(Tensor x) { return x.logsigmoid(); }
}
