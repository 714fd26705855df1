package dev.ember.tests;

import dev.ember.Autograd;
import dev.ember.DType;
import dev.ember.Generator;
import dev.ember.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Results derived by hand in the course notes under {@code /work/shared/seeds/}, reproduced with the engine.
 *
 * <ul>
 *   <li>Seed 002 ("NN and deep learning" notes), sections "Logistic Regression Gradient Descent", "Vectorizing
 *   Logistic Regression", "Forward and Backward Propagation" and "Gradient Descent" (2-layer network): the
 *   hand-written backward equations {@code dZ2 = A2 - Y, dW2 = dZ2 A1^T / m, db2 = sum(dZ2, axis=1) / m,
 *   dZ1 = W2^T dZ2 * g1'(Z1), dW1 = dZ1 X^T / m, db1 = sum(dZ1, axis=1) / m} against autodiff of the
 *   binary cross-entropy cost {@code J = -1/m sum(Y log A2 + (1 - Y) log(1 - A2))}. Conventions as in the seed:
 *   {@code X [n_x, m]}, {@code Y [1, m]}, {@code W1 [n_h, n_x]}, {@code b1 [n_h, 1]}, {@code W2 [1, n_h]},
 *   {@code b2 [1, 1]}. (The seed writes {@code g^[2]'(Z^[2])} in the dZ1 line, a slip: its own shape annotation
 *   {@code (n^[1], m)} and the generic layer rule {@code dz^[l] = da^[l] * g^[l]'(z^[l])} give {@code g^[1]'(Z^[1])}.)</li>
 *   <li>Seed 000, section 3.1.1 "Convolutional layer": the numeric 3x3 example with {@code P = 1, S = 2, F = 3}
 *   giving {@code [[-125, -5], [-149, -10]]}, the output-size formula {@code N' = (N - F + 2P)/S + 1} and the
 *   parameter count {@code F^2 C M + M}.</li>
 *   <li>Seed 000, section 1.4.1 "XOR example": the two-layer perceptron table (z and y of n1, n2, o1).</li>
 * </ul>
 */
class SeedOracleTest {
    private static final double TOL = 1e-10;

    // ---------------------------------------------------------------- seed 002: two-layer network

    private static UnaryOperator<Tensor> activation(String name) {
        return switch (name) {
            case "tanh" -> Tensor::tanh;
            case "sigmoid" -> Tensor::sigmoid;
            case "relu" -> Tensor::relu;
            case "leakyRelu" -> z -> z.leakyRelu(0.01);
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** g'(Z) as the seed's "Derivates" section writes it (for ReLU the seed notes z != 0, true on random data). */
    private static Tensor activationDerivative(String name, Tensor z, Tensor a) {
        return switch (name) {
            case "tanh" -> a.mul(a).rsub(1.0);                                   // 1 - tanh(z)^2
            case "sigmoid" -> a.mul(a.rsub(1.0));                                // g(z)(1 - g(z))
            case "relu" -> z.gt(0.0).to(DType.FLOAT64);                          // 0 if z < 0, 1 if z > 0
            case "leakyRelu" -> Tensor.where(z.gt(0.0), Tensor.onesLike(z), Tensor.fullLike(z, 0.01));
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** {@code J = -1/m sum(Y log A + (1 - Y) log(1 - A))}, the seed's cost. */
    private static Tensor crossEntropyCost(Tensor a, Tensor y) {
        int m = y.size(1);
        return y.mul(a.log()).add(y.rsub(1.0).mul(a.rsub(1.0).log())).sum().mul(-1.0 / m);
    }

    @ParameterizedTest(name = "hidden activation {0}")
    @ValueSource(strings = {"tanh", "sigmoid", "relu", "leakyRelu"})
    void twoLayerNetworkBackwardEquationsMatchAutodiff(String act) {
        int nx = 3;   // the seed's example: W1 (4, 3), b1 (4, 1)
        int nh = 4;
        int m = 7;
        Generator gen = new Generator(2002);
        Tensor x = gen.randn(DType.FLOAT64, nx, m);
        Tensor y = gen.rand(DType.FLOAT64, 1, m).gt(0.5).to(DType.FLOAT64);
        Tensor w1 = gen.randn(DType.FLOAT64, nh, nx).mul(0.7).requiresGrad(true);
        Tensor b1 = gen.randn(DType.FLOAT64, nh, 1).mul(0.3).requiresGrad(true);
        Tensor w2 = gen.randn(DType.FLOAT64, 1, nh).mul(0.7).requiresGrad(true);
        Tensor b2 = gen.randn(DType.FLOAT64, 1, 1).mul(0.3).requiresGrad(true);
        UnaryOperator<Tensor> g1 = activation(act);

        // forward propagation, as in the seed
        Tensor z1 = w1.matmul(x).add(b1);
        Tensor a1 = g1.apply(z1);
        Tensor z2 = w2.matmul(a1).add(b2);
        Tensor a2 = z2.sigmoid();
        Tensor cost = crossEntropyCost(a2, y);
        cost.backward();

        // back propagation by hand, as in the seed
        Tensor dW1, db1, dW2, db2;
        try (var s = Autograd.noGrad()) {
            Tensor z1v = z1.detach(), a1v = a1.detach(), a2v = a2.detach(), w2v = w2.detach();
            Tensor dZ2 = a2v.sub(y);
            dW2 = dZ2.matmul(a1v.t()).div(m);
            db2 = dZ2.sum(1, true).div(m);
            Tensor dZ1 = w2v.t().matmul(dZ2).mul(activationDerivative(act, z1v, a1v));
            dW1 = dZ1.matmul(x.t()).div(m);
            db1 = dZ1.sum(1, true).div(m);
        }
        assertArrayEquals(new int[] {nh, m}, z1.shape());
        assertArrayEquals(new int[] {1, m}, a2.shape());
        assertClose("dW2", dW2, w2.grad());
        assertClose("db2", db2, b2.grad());
        assertClose("dW1", dW1, w1.grad());
        assertClose("db1", db1, b1.grad());
    }

    // ---------------------------------------------------------------- seed 002: logistic regression

    @Test
    void logisticRegressionAsOneNeuronNetworkVectorized() {
        int nx = 4;
        int m = 9;
        Generator gen = new Generator(2);
        Tensor x = gen.randn(DType.FLOAT64, nx, m);
        Tensor y = gen.rand(DType.FLOAT64, 1, m).gt(0.5).to(DType.FLOAT64);
        Tensor w = gen.randn(DType.FLOAT64, nx, 1).mul(0.5).requiresGrad(true);
        Tensor b = Tensor.scalar(DType.FLOAT64, 0.25).requiresGrad(true);

        // Z = w^T X + b, A = sigmoid(Z)
        Tensor a = w.t().matmul(x).add(b).sigmoid();
        Tensor cost = crossEntropyCost(a, y);
        cost.backward();

        Tensor dw, db;
        try (var s = Autograd.noGrad()) {
            Tensor dZ = a.detach().sub(y);               // dZ = A - Y
            dw = x.matmul(dZ.t()).div(m);                // dw = 1/m X dZ^T
            db = dZ.sum().div(m);                        // db = 1/m np.sum(dZ)
        }
        assertArrayEquals(new int[] {nx, 1}, w.grad().shape());
        assertArrayEquals(new int[0], b.grad().shape());
        assertClose("dw", dw, w.grad());
        assertClose("db", db, b.grad());
    }

    /** The seed's explicit loop ("h algo"), in plain Java, as an oracle independent of tensor ops. */
    @Test
    void logisticRegressionMatchesTheSeedsLoopAlgorithm() {
        int nx = 2;   // the loop is written for two features, dw1 and dw2
        int m = 6;
        Generator gen = new Generator(20);
        Tensor xt = gen.randn(DType.FLOAT64, nx, m);
        Tensor yt = gen.rand(DType.FLOAT64, 1, m).gt(0.5).to(DType.FLOAT64);
        double[] xs = xt.toDoubleArray();
        double[] ys = yt.toDoubleArray();
        double w1 = 0.3, w2 = -0.8, bb = 0.1;

        double j = 0, dw1 = 0, dw2 = 0, db = 0;
        for (int i = 0; i < m; i++) {
            double x1 = xs[i], x2 = xs[m + i];
            double z = w1 * x1 + w2 * x2 + bb;
            double yHat = 1 / (1 + Math.exp(-z));
            j += -(ys[i] * Math.log(yHat) + (1 - ys[i]) * Math.log(1 - yHat));
            double dz = yHat - ys[i];
            dw1 += x1 * dz;
            dw2 += x2 * dz;
            db += dz;
        }
        j /= m;
        dw1 /= m;
        dw2 /= m;
        db /= m;

        Tensor w = Tensor.of(new double[] {w1, w2}, nx, 1).requiresGrad(true);
        Tensor b = Tensor.scalar(DType.FLOAT64, bb).requiresGrad(true);
        Tensor cost = crossEntropyCost(w.t().matmul(xt).add(b).sigmoid(), yt);
        cost.backward();
        assertEquals(j, cost.item(), TOL, "cost J");
        assertArrayEquals(new double[] {dw1, dw2}, w.grad().toDoubleArray(), TOL, "dw");
        assertEquals(db, b.grad().item(), TOL, "db");
    }

    // ---------------------------------------------------------------- seed 000: convolution example

    private static final double[] SEED_X = {   // the 3x3 input inside the seed's zero border (P = 1)
        125, 15, 30,
        250, 25, 2,
        174, 255, 10
    };
    private static final double[] SEED_F = {
        0, 0, 1,
        0, -1, 0,
        1, 0, 0
    };
    private static final double[] SEED_Y = {-125, -5, -149, -10};

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"FLOAT64", "FLOAT32"})
    void convolutionNumericExample(String dtypeName) {
        DType dtype = DType.valueOf(dtypeName);
        Tensor x = Tensor.of(SEED_X, 1, 1, 3, 3).to(dtype);
        Tensor f = Tensor.of(SEED_F, 1, 1, 3, 3).to(dtype);
        Tensor y = x.conv2d(f, null, 2, 1);   // S = 2, P = 1
        assertArrayEquals(new int[] {1, 1, 2, 2}, y.shape());
        assertArrayEquals(SEED_Y, y.toDoubleArray(), 0.0, "Y = X (*) F");
    }

    @Test
    void convolutionNumericExampleWithTheSeedsExplicitlyPaddedInput() {
        double[] padded = {
            0, 0, 0, 0, 0,
            0, 125, 15, 30, 0,
            0, 250, 25, 2, 0,
            0, 174, 255, 10, 0,
            0, 0, 0, 0, 0
        };
        Tensor y = Tensor.of(padded, 1, 1, 5, 5).conv2d(Tensor.of(SEED_F, 1, 1, 3, 3), null, 2, 0);
        assertArrayEquals(SEED_Y, y.toDoubleArray(), 0.0);
    }

    private static int seedOutputSize(int n, int f, int p, int s) { return (n - f + 2 * p) / s + 1; }

    @Test
    void outputSizeFormula() {
        assertEquals(2, seedOutputSize(3, 3, 1, 2));   // the seed's worked value
        int[][] cases = {{3, 3, 1, 2}, {7, 3, 0, 2}, {8, 3, 1, 1}, {32, 5, 2, 1}, {9, 4, 0, 3}, {6, 1, 0, 1}};
        for (int[] c : cases) {
            int n = c[0], f = c[1], p = c[2], s = c[3];
            Tensor y = Tensor.zeros(DType.FLOAT64, 1, 1, n, n).conv2d(Tensor.zeros(DType.FLOAT64, 1, 1, f, f), null, s, p);
            int expected = seedOutputSize(n, f, p, s);
            assertArrayEquals(new int[] {1, 1, expected, expected}, y.shape(), "N=" + n + " F=" + f + " P=" + p + " S=" + s);
        }
    }

    @Test
    void parameterCountFormula() {
        // the seed's example: F = 3, C = 1, M = 1 -> 3^2 * 1 * 1 + 1 = 10; and a wider layer F = 3, C = 3, M = 16 -> 448
        int[][] cases = {{3, 1, 1, 10}, {3, 3, 16, 448}, {5, 2, 4, 204}};
        for (int[] c : cases) {
            int f = c[0], ch = c[1], mOut = c[2];
            assertEquals(c[3], f * f * ch * mOut + mOut);
            // the parameters of a conv2d layer are its weight and bias: count the gradients autodiff gives
            Tensor w = Tensor.randn(mOut, ch, f, f).requiresGrad(true);
            Tensor b = Tensor.zeros(mOut).requiresGrad(true);
            Tensor.randn(2, ch, 8, 8).conv2d(w, b, 1, 1).sum().backward();
            assertEquals(c[3], w.grad().numel() + b.grad().numel(), "F=" + f + " C=" + ch + " M=" + mOut);
        }
    }

    // ---------------------------------------------------------------- seed 000: XOR perceptron

    /**
     * The table gives z and y of each neuron for the four inputs. The figure with the weights is missing from
     * the text, but z = w1 x1 + w2 x2 + b at (0,0), (1,0), (0,1) fixes each neuron's weights uniquely:
     * n1 = (1, 1, -0.5) (OR), n2 = (1, 1, -1.5) (AND), o1 over (y_n1, y_n2) = (1, -1, -0.5); the fourth row
     * then checks them. y is the Heaviside step (no z in the table is 0, so z > 0 and z >= 0 agree).
     */
    @Test
    void xorTwoLayerPerceptronTable() {
        Tensor x = Tensor.of(new double[][] {{0, 0}, {1, 0}, {0, 1}, {1, 1}});
        Tensor w1 = Tensor.of(new double[][] {{1, 1}, {1, 1}});   // rows: n1, n2
        Tensor b1 = Tensor.of(new double[] {-0.5, -1.5});
        Tensor w2 = Tensor.of(new double[][] {{1, -1}});          // o1 over (y_n1, y_n2)
        Tensor b2 = Tensor.of(new double[] {-0.5});

        Tensor z1 = x.matmul(w1.t()).add(b1);
        Tensor y1 = z1.step();
        Tensor z2 = y1.matmul(w2.t()).add(b2);
        Tensor y2 = z2.step();

        // columns of the seed's table: n1 z, n1 y, n2 z, n2 y, o1 z, o1 y
        double[][] table = {
            {-0.5, 0, -1.5, 0, -0.5, 0},
            {0.5, 1, -0.5, 0, 0.5, 1},
            {0.5, 1, -0.5, 0, 0.5, 1},
            {1.5, 1, 0.5, 1, -0.5, 0},
        };
        double[] z1v = z1.toDoubleArray(), y1v = y1.toDoubleArray(), z2v = z2.toDoubleArray(), y2v = y2.toDoubleArray();
        for (int r = 0; r < 4; r++) {
            double[] got = {z1v[2 * r], y1v[2 * r], z1v[2 * r + 1], y1v[2 * r + 1], z2v[r], y2v[r]};
            assertArrayEquals(table[r], got, 0.0, "row " + r + " (x = " + Arrays.toString(x.select(0, r).toDoubleArray()) + ")");
        }
        // and it computes XOR
        assertArrayEquals(new double[] {0, 1, 1, 0}, y2.toDoubleArray(), 0.0);
    }

    // ---------------------------------------------------------------- helpers

    private static void assertClose(String what, Tensor expected, Tensor actual) {
        assertTrue(actual != null, what + ": no gradient");
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], TOL, what + "[" + i + "] (hand " + Arrays.toString(e) + ", autodiff " + Arrays.toString(a) + ")");
        }
    }
}
