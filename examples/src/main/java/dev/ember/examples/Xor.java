package dev.ember.examples;

import dev.ember.Autograd;
import dev.ember.Generator;
import dev.ember.Tensor;

/**
 * Learns XOR with a 2-4-1 network written with raw tensor ops and {@code backward()}: the forward pass is
 * ordinary code, autodiff supplies the gradients, and plain gradient descent updates the weights.
 */
public final class Xor {
    public static void main(String[] args) {
        Tensor x = Tensor.of(new float[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}});
        Tensor y = Tensor.of(new float[] {0, 1, 1, 0}, 4, 1);

        Generator gen = new Generator(7);
        Tensor w1 = gen.randn(2, 4).requiresGrad(true);
        Tensor b1 = Tensor.zeros(4).requiresGrad(true);
        Tensor w2 = gen.randn(4, 1).requiresGrad(true);
        Tensor b2 = Tensor.zeros(1).requiresGrad(true);
        Tensor[] params = {w1, b1, w2, b2};
        double learningRate = 1.0;

        System.out.println("Learning XOR with a 2-4-1 network (tanh, sigmoid, binary cross-entropy) on " + x.device());
        for (int epoch = 0; epoch <= 2000; epoch++) {
            Tensor hidden = x.matmul(w1).add(b1).tanh();
            Tensor p = hidden.matmul(w2).add(b2).sigmoid();
            // binary cross-entropy: -mean(y log p + (1 - y) log(1 - p))
            Tensor loss = y.mul(p.log()).add(y.rsub(1.0).mul(p.rsub(1.0).log())).mean().neg();
            loss.backward();
            try (var noGrad = Autograd.noGrad()) {
                for (Tensor param : params) {
                    param.subInPlace(param.grad().mul(learningRate));
                    param.zeroGrad();
                }
            }
            if (epoch % 200 == 0) System.out.printf("epoch %4d  loss %.5f%n", epoch, loss.item());
        }

        try (var noGrad = Autograd.noGrad()) {
            Tensor p = x.matmul(w1).add(b1).tanh().matmul(w2).add(b2).sigmoid();
            float[] in = x.toFloatArray();
            float[] out = p.toFloatArray();
            System.out.println("predictions:");
            for (int i = 0; i < 4; i++) {
                System.out.printf("  %d XOR %d -> %.4f (%d)%n", (int) in[2 * i], (int) in[2 * i + 1], out[i], out[i] > 0.5 ? 1 : 0);
            }
        }
    }
}
