package dev.ember.nn.layers;

import dev.ember.DType;
import dev.ember.Tensor;

/** Deterministic float64 test inputs that the PyTorch reference scripts build the same way. */
final class Waves {
    private Waves() {}

    /** {@code (sin(a i) * 2 + cos(b i)).reshape(shape)} for {@code i = 0, 1, ...}, as in the reference scripts. */
    static Tensor wave(double a, double b, int... shape) {
        int n = 1;
        for (int s : shape) n *= s;
        Tensor i = Tensor.arange(0, n, 1).to(DType.FLOAT64);
        return i.mul(a).sin().mul(2).add(i.mul(b).cos()).reshape(shape);
    }

    /** {@code cos(a i).reshape(shape)}: weights for a scalar loss whose gradient is not uniform. */
    static Tensor cosines(double a, int... shape) {
        int n = 1;
        for (int s : shape) n *= s;
        return Tensor.arange(0, n, 1).to(DType.FLOAT64).mul(a).cos().reshape(shape);
    }
}
