package dev.ember.benchmarks.training;

import dev.ember.Generator;
import dev.ember.Tensor;

import java.util.List;

/**
 * {@code y = x W^T + b} (one fused GEMM, {@link Tensor#linear}) with {@code W [out, in]} and {@code b [out]}, both drawn uniformly from
 * {@code +-1/sqrt(in)} as PyTorch's {@code nn.Linear} does, so both engines start from the same distribution.
 */
final class Linear {
    final Tensor weight;
    final Tensor bias;

    Linear(Generator g, int in, int out) {
        double bound = 1 / Math.sqrt(in);
        weight = g.uniform(-bound, bound, out, in).requiresGrad(true);
        bias = g.uniform(-bound, bound, out).requiresGrad(true);
    }

    Tensor forward(Tensor x) {
        return x.linear(weight, bias);
    }

    List<Tensor> parameters() {
        return List.of(weight, bias);
    }
}
