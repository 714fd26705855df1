package dev.ember.nn.classic;

import dev.ember.DType;
import dev.ember.Generator;
import dev.ember.Tensor;
import dev.ember.nn.layers.Step;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Seed 000 §1: the McCulloch-Pitts neuron, the perceptron's and Adaline's rules and the XOR table. Expected runs of
 * Algorithms 1 and 2 come from {@code nn/src/test/python/classic_learners.py}, the algorithms in plain Python.
 */
class ClassicLearnersTest {
    /** The truth table's inputs in the order (0,0), (0,1), (1,0), (1,1). */
    private static final Tensor X = Tensor.of(new float[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}});
    private static final Tensor AND = Tensor.of(new float[] {0, 0, 0, 1}, 4);
    private static final Tensor OR = Tensor.of(new float[] {0, 1, 1, 1}, 4);
    private static final Tensor XOR = Tensor.of(new float[] {0, 1, 1, 0}, 4);

    @Test
    void mcCullochPittsFiresWhenTheSumReachesTheThreshold() {
        Tensor bools = Tensor.of(new boolean[] {false, false, false, true, true, false, true, true}, 4, 2);
        assertArrayEquals(new float[] {0, 0, 0, 1}, McCullochPitts.and(2).forward(bools).toFloatArray());
        assertArrayEquals(new float[] {0, 1, 1, 1}, McCullochPitts.or(2).forward(bools).toFloatArray());
        assertArrayEquals(new float[] {0, 0, 0, 1}, McCullochPitts.and(2).forward(X).toFloatArray());   // 0/1 floats too
        assertArrayEquals(new float[] {1, 0}, McCullochPitts.not().forward(Tensor.of(new float[] {0, 1}, 2, 1)).toFloatArray());
        assertEquals(1f, McCullochPitts.and(3).forward(Tensor.of(new float[] {1, 1, 1}, 3)).item());
        // the boundary the issue names: AND's sum at (1,1) is exactly θ = 2; a step that is 0 at 0 misses it
        Tensor sum = McCullochPitts.and(2).sum(X);
        assertArrayEquals(new float[] {0, 0, 0, 0}, sum.sub(2.0).step().to(DType.FLOAT32).toFloatArray());
        assertArrayEquals(new float[] {0, 0, 0, 1}, sum.sub(2.0).heaviside(1).to(DType.FLOAT32).toFloatArray());
        // weights and threshold are buffers: saved, never trained
        var and = McCullochPitts.and(2);
        assertTrue(and.parameters().isEmpty());
        assertEquals(List.of("weight", "threshold"), List.copyOf(and.stateDict().keySet()));
    }

    @Test
    void mcCullochPittsTakesOnlyBooleanInputs() {
        var and = McCullochPitts.and(2);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> and.forward(Tensor.of(new float[] {0.5f, 1}, 2)))
                .getMessage().contains("boolean"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> and.forward(Tensor.of(new float[] {1, 1, 1}, 3)))
                .getMessage().contains("[3]"));
        assertThrows(IllegalArgumentException.class, () -> McCullochPitts.and(0));
    }

    @Test
    void stepLayerTakesTheValueAtZero() {
        Tensor z = Tensor.of(new double[] {-1, 0, 2}, 3);
        assertArrayEquals(new double[] {0, 0, 1}, new Step().forward(z).toDoubleArray());       // torch.heaviside(z, 0)
        assertArrayEquals(new double[] {0, 1, 1}, new Step(1).forward(z).toDoubleArray());      // the seeds' z >= 0
        assertArrayEquals(new double[] {0, 0.5, 1}, new Step(0.5).forward(z).toDoubleArray());
        assertEquals("Step(valueAtZero=1.0)", new Step(1).toString());
        Tensor x = z.copy().requiresGrad(true);
        new Step(1).forward(x).sum().backward();
        assertArrayEquals(new double[3], x.grad().toDoubleArray());   // flat: nothing trains through it
    }

    /** Seed 000 §1.4.1: n1, n2 and o1 with the table's z and y on every row. */
    @Test
    void xorTableOfTheSeed() {
        Perceptron n1 = new Perceptron(new double[] {1, 1}, -0.5);
        Perceptron n2 = new Perceptron(new double[] {1, 1}, -1.5);
        Perceptron o1 = new Perceptron(new double[] {1, -1}, -0.5);
        Tensor hidden = Tensor.stack(1, List.of(n1.forward(X), n2.forward(X)));
        assertArrayEquals(new float[] {-0.5f, 0.5f, 0.5f, 1.5f}, n1.netInput(X).toFloatArray());
        assertArrayEquals(new float[] {0, 1, 1, 1}, n1.forward(X).toFloatArray());
        assertArrayEquals(new float[] {-1.5f, -0.5f, -0.5f, 0.5f}, n2.netInput(X).toFloatArray());
        assertArrayEquals(new float[] {0, 0, 0, 1}, n2.forward(X).toFloatArray());
        assertArrayEquals(new float[] {-0.5f, 0.5f, 0.5f, -0.5f}, o1.netInput(hidden).toFloatArray());
        assertArrayEquals(XOR.toFloatArray(), o1.forward(hidden).toFloatArray());
    }

    @Test
    void perceptronLearnsAndAsAlgorithmOneDoes() {
        Perceptron p = new Perceptron(2);
        Perceptron.Run run = p.fit(X, AND, 1.0, 100);
        assertEquals(List.of(2, 3, 3, 2, 1, 0), run.mistakes());   // classic_learners.py: AND r=1.0
        assertTrue(run.converged());
        assertArrayEquals(new float[] {2, 1}, p.weight().toFloatArray());
        assertEquals(-3f, p.bias().item());
        assertArrayEquals(AND.toFloatArray(), p.forward(X).toFloatArray());
    }

    @Test
    void perceptronLearnsOrAsAlgorithmOneDoes() {
        Perceptron p = new Perceptron(2);
        Perceptron.Run run = p.fit(X, OR, 1.0, 100);
        assertEquals(List.of(2, 2, 1, 0), run.mistakes());   // classic_learners.py: OR r=1.0
        assertArrayEquals(new float[] {1, 1}, p.weight().toFloatArray());
        assertEquals(-1f, p.bias().item());
        assertArrayEquals(OR.toFloatArray(), p.forward(X).toFloatArray());
    }

    @Test
    void perceptronNeverConvergesOnXor() {
        Perceptron p = new Perceptron(2);
        Perceptron.Run run = p.fit(X, XOR, 1.0, 100);
        assertFalse(run.converged());
        assertEquals(100, run.epochs());
        assertEquals(List.of(3, 3, 4, 4), run.mistakes().subList(0, 4));
        assertTrue(run.mistakes().stream().allMatch(m -> m > 0), "every epoch gets some example wrong");
        assertArrayEquals(new float[] {-1, 0}, p.weight().toFloatArray());   // classic_learners.py: the cycle's end
        assertEquals(0f, p.bias().item());
    }

    @Test
    void perceptronLearnsASeparableCloud() {
        Generator gen = new Generator(3);
        Tensor x = gen.randn(30, 2);
        Tensor y = x.select(1, 0).mul(2.0).sub(x.select(1, 1)).add(0.3).heaviside(1);   // a line through the cloud
        Perceptron p = new Perceptron(2);
        Perceptron.Run run = p.fit(x, y, 0.1, 500);
        assertTrue(run.converged(), "separable data: a perceptron converges, got " + run.mistakes());
        assertArrayEquals(y.toFloatArray(), p.forward(x).toFloatArray());
    }

    @Test
    void adalineFollowsAlgorithmTwo() {
        Adaline a = new Adaline(2);
        Tensor plusMinus = Tensor.of(new float[] {-1, -1, -1, 1}, 4);
        List<Double> cost = a.fit(X, plusMinus, 0.1, 50);
        // classic_learners.py: AND with targets -1/+1, α = 0.1, 50 epochs
        assertEquals(1.1363660000000002, cost.get(0), 1e-6);
        assertEquals(1.01589100207104, cost.get(1), 1e-6);
        assertEquals(0.3088656022555365, cost.get(49), 1e-5);
        assertArrayEquals(new float[] {1.075612644086795f, 1.018496043711213f}, a.weight().toFloatArray(), 1e-5f);
        assertEquals(-1.5065790397961114, a.bias().item(), 1e-5);
        assertArrayEquals(AND.toFloatArray(), a.forward(X).toFloatArray());
    }

    @Test
    void logisticRegressionGradientsAreSeedTwosVectorisedEquations() {
        Generator gen = new Generator(11);
        Tensor x = gen.randn(16, 3).to(DType.FLOAT64);
        Tensor y = x.select(1, 0).add(x.select(1, 2).mul(0.5)).heaviside(1);
        LogisticRegression model = new LogisticRegression(new double[] {0.2, -0.1, 0.3}, 0.05);
        model.to(DType.FLOAT64);
        model.cost(x, y).backward();
        // dZ = A - Y, dw = X dZᵀ / m (with X as columns: here x is [m, n], so xᵀ dZ), db = Σ dZ / m
        Tensor a = model.forward(x).detach();
        Tensor dz = a.sub(y);
        Tensor dw = x.t().matmul(dz).div(16.0);
        double db = dz.sum().item() / 16;
        assertArrayEquals(dw.toDoubleArray(), model.weight().grad().toDoubleArray(), 1e-12);
        assertEquals(db, model.bias().grad().item(), 1e-12);
    }

    @Test
    void logisticRegressionLearnsASeparableSet() {
        Generator gen = new Generator(5);
        Tensor x = gen.randn(80, 2);
        Tensor y = x.select(1, 0).sub(x.select(1, 1)).heaviside(1);
        LogisticRegression model = new LogisticRegression(2);
        List<Double> cost = model.fit(x, y, 2.0, 40);
        assertEquals(Math.log(2), cost.get(0), 1e-6);   // w = 0, b = 0: ŷ = 1/2 everywhere
        assertTrue(cost.getLast() < 0.25, "cost after 40 steps: " + cost.getLast());
        double accuracy = model.predict(x).eq(y).to(DType.FLOAT32).mean().item();
        assertTrue(accuracy >= 0.97, "accuracy " + accuracy);
    }

    @Test
    void badInputsAreRefusedByName() {
        Perceptron p = new Perceptron(2);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> p.fit(X, Tensor.of(new float[] {0, 2, 1, 0}, 4), 1, 5))
                .getMessage().contains("0 or 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> p.fit(X, AND.narrow(0, 0, 3), 1, 5))
                .getMessage().contains("[4, 2] and [3]"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> p.forward(Tensor.zeros(4, 3)))
                .getMessage().contains("Perceptron(inputs=2)"));
        assertThrows(IllegalArgumentException.class, () -> new Adaline(0));
        assertThrows(IllegalArgumentException.class, () -> new LogisticRegression(2).fit(X, AND, -1, 5));
    }
}
