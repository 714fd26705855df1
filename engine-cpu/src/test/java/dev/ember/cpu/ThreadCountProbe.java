package dev.ember.cpu;

import dev.ember.Autograd;
import dev.ember.DType;
import dev.ember.Generator;
import dev.ember.Tensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Prints a hash of every output and gradient bit of the kernels that split their work over threads (GEMM,
 * convolution, reductions, softmax, pooling, batch norm), on inputs large enough to be split, for {@link ThreadCountIndependenceTest}
 * to compare between JVMs started with different {@code -Dember.threads}.
 */
final class ThreadCountProbe {
    private ThreadCountProbe() {}

    static Map<String, Supplier<List<Tensor>>> workloads(DType dtype) {
        Map<String, Supplier<List<Tensor>>> w = new LinkedHashMap<>();
        w.put("matmul", () -> {
            Generator g = new Generator(1);
            Tensor a = g.randn(192, 320).to(dtype).requiresGrad(true), b = g.randn(320, 160).to(dtype).requiresGrad(true);
            Tensor y = a.matmul(b);
            y.mul(y).sum().backward();
            return List.of(y, a.grad(), b.grad());
        });
        w.put("matmul tall, transposed B", () -> {
            Generator g = new Generator(6);
            Tensor a = g.randn(203, 300).to(dtype).requiresGrad(true), b = g.randn(77, 300).to(dtype).requiresGrad(true);
            Tensor y = a.matmul(b.transpose(0, 1));
            y.mul(y).sum().backward();
            return List.of(y, a.grad(), b.grad());
        });
        w.put("conv2d", () -> {
            Generator g = new Generator(2);
            Tensor x = g.randn(24, 8, 15, 15).to(dtype).requiresGrad(true), k = g.randn(16, 8, 3, 3).to(dtype).requiresGrad(true);
            Tensor y = x.conv2d(k, null, 1, 1);
            y.mul(y).sum().backward();
            return List.of(y, x.grad(), k.grad());
        });
        w.put("conv2d 4x4 stride 2", () -> {
            Generator g = new Generator(3);
            Tensor x = g.randn(32, 16, 14, 14).to(dtype).requiresGrad(true), k = g.randn(32, 16, 4, 4).to(dtype).requiresGrad(true);
            Tensor y = x.conv2d(k, null, 2, 1);
            y.mul(y).sum().backward();
            return List.of(y, x.grad(), k.grad());
        });
        w.put("conv2d 7x7 on 7x7 maps", () -> {   // one product over the batch
            Generator g = new Generator(5);
            Tensor x = g.randn(64, 32, 7, 7).to(dtype).requiresGrad(true), k = g.randn(8, 32, 7, 7).to(dtype).requiresGrad(true);
            Tensor y = x.conv2d(k, null, 1, 0);
            y.mul(y).sum().backward();
            return List.of(y, x.grad(), k.grad());
        });
        w.put("reductions", () -> {
            Tensor x = new Generator(4).randn(512, 1031).to(dtype);
            try (var s = Autograd.noGrad()) {
                return List.of(x.sum(), x.sum(0), x.sum(1), x.mean(0), x.softmax(1), x.logSoftmax(0), x.var(new int[] {0}, 1, false),
                        x.transpose(0, 1).sum(new int[] {1}, false), x.transpose(0, 1).amax(new int[] {0}, false), x.argmax(1, false), x.argmax(0, false));
            }
        });
        w.put("products", () -> {
            Tensor x = new Generator(7).randn(512, 1031).to(dtype).mul(0.01).exp();   // near 1: the products stay finite
            try (var s = Autograd.noGrad()) {
                return List.of(x.prod(), x.prod(new int[] {0}, false), x.prod(new int[] {1}, false));
            }
        });
        w.put("avgPool2d", () -> {
            Generator g = new Generator(8);
            Tensor x = g.randn(32, 16, 15, 14).to(dtype).requiresGrad(true);
            Tensor y = x.avgPool2d(2), z = x.avgPool2d(3, 2, 1);
            y.mul(y).sum().add(z.mul(z).sum()).backward();
            return List.of(y, z, x.grad());
        });
        w.put("batchNorm", () -> {
            Generator g = new Generator(5);
            Tensor x = g.randn(32, 12, 13, 13).to(dtype).requiresGrad(true);
            Tensor gamma = g.randn(12).to(dtype).requiresGrad(true), beta = g.randn(12).to(dtype).requiresGrad(true);
            Tensor.BatchNorm bn = x.batchNorm(gamma, beta, 1e-5);
            bn.output().mul(bn.output()).sum().backward();
            return List.of(bn.output(), bn.mean(), bn.var(), x.grad(), gamma.grad(), beta.grad());
        });
        return w;
    }

    public static void main(String[] args) {
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (var e : workloads(dtype).entrySet()) {
                long h = 1;
                for (Tensor t : e.getValue().get()) h = 31 * h + DeterminismProbe.hash(t);
                System.out.println("hash " + e.getKey().replace(' ', '_') + "." + dtype + " " + Long.toHexString(h));
            }
        }
    }
}
