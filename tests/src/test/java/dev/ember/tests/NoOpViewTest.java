package dev.ember.tests;

import dev.ember.Autograd;
import dev.ember.DType;
import dev.ember.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A view op that changes nothing (a reshape to the same shape, an identity permute, a squeeze of a dim that is
 * not 1...) still returns a new tensor, as in PyTorch, so that gradient modes and the graph see it.
 */
class NoOpViewTest {
    private static final double TOL = 1e-12;

    /** Every view op in a form that leaves a {@code [2, 3]} tensor as it is. */
    static Stream<Arguments> noOpViews() {
        return Stream.of(
                view("reshape to the same shape", t -> t.reshape(2, 3)),
                view("reshape with -1 to the same shape", t -> t.reshape(-1, 3)),
                view("view to the same shape", t -> t.view(2, 3)),
                view("expand to the same shape", t -> t.expand(2, 3)),
                view("expand with -1", t -> t.expand(-1, -1)),
                view("squeeze of a dim that is not 1", t -> t.squeeze(0)),
                view("squeeze with no size-1 dim", Tensor::squeeze),
                view("identity permute", t -> t.permute(0, 1)),
                view("transpose of a dim with itself", t -> t.transpose(1, 1)),
                view("slice of the whole dim", t -> t.slice(1, 0, 3, 1)),
                view("narrow to the whole dim", t -> t.narrow(0, 0, 2)));
    }

    private static Arguments view(String name, UnaryOperator<Tensor> op) {
        return Arguments.of(name, op);
    }

    private static Tensor leaf() {
        return Tensor.of(new double[] {1, -2, 3, 0.5, 4, -1}, 2, 3).requiresGrad(true);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("noOpViews")
    void isANewTensorOfTheSameValues(String name, UnaryOperator<Tensor> op) {
        Tensor y = leaf().mul(2.0);
        Tensor v = op.apply(y);
        assertNotSame(y, v);
        assertArrayEquals(y.shape(), v.shape());
        assertArrayEquals(y.toDoubleArray(), v.toDoubleArray(), 0);
        assertNotNull(v.gradFnName(), "a view of a recorded tensor is recorded");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("noOpViews")
    void madeUnderNoGradRecordsNothingAndCarriesNoGradient(String name, UnaryOperator<Tensor> op) {
        Tensor x = leaf();
        Tensor y = x.mul(2.0);
        Tensor c;
        try (var s = Autograd.noGrad()) {
            c = op.apply(y);
        }
        assertFalse(c.requiresGrad(), "the view leaked out of noGrad still recording");
        assertNull(c.gradFnName());
        assertTrue(y.requiresGrad(), "making a view under noGrad changed its input");
        y.add(c).sum().backward();   // only the y term carries gradient: 2, not 4
        assertArrayEquals(new double[] {2, 2, 2, 2, 2, 2}, x.grad().toDoubleArray(), TOL);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("noOpViews")
    void hasItsOwnGradient(String name, UnaryOperator<Tensor> op) {
        Tensor x = leaf();
        Tensor y = x.mul(2.0);
        Tensor v = op.apply(y);
        Tensor loss = v.mul(v).sum().add(y.mul(3.0).sum());   // d/dv = 2v, d/dy = 2v + 3
        List<Tensor> g = Autograd.grad(loss, List.of(v, y), null, true, false);
        double[] twoV = java.util.Arrays.stream(y.toDoubleArray()).map(e -> 2 * e).toArray();
        assertArrayEquals(twoV, g.get(0).toDoubleArray(), TOL, "Autograd.grad with respect to the view");
        assertArrayEquals(java.util.Arrays.stream(twoV).map(e -> e + 3).toArray(), g.get(1).toDoubleArray(), TOL);

        v.retainGrad();
        y.retainGrad();
        loss.backward();
        assertArrayEquals(twoV, v.grad().toDoubleArray(), TOL, "retainGrad of the view");
        assertArrayEquals(java.util.Arrays.stream(twoV).map(e -> e + 3).toArray(), y.grad().toDoubleArray(), TOL);
    }

    @Test
    void secondOrderGradientThroughANoOpView() {
        Tensor x = Tensor.of(new double[] {1, 2, 3}).requiresGrad(true);
        Tensor y = x.mul(x).reshape(3);                       // x^2 through a same-shape reshape
        Tensor dy = Autograd.grad(y.sum(), List.of(x), null, true, true).get(0);   // 2x
        Tensor d2 = Autograd.grad(dy.sum(), List.of(x)).get(0);                    // 2
        assertArrayEquals(new double[] {2, 2, 2}, d2.toDoubleArray(), TOL);
    }

    @Test
    void flattenOfOneDimIsTheInputAsInPyTorch() {
        Tensor y = leaf().mul(2.0);
        assertSame(y, y.flatten(1, 1));
        Tensor v = Tensor.of(new double[] {1, 2, 3});
        assertSame(v, v.flatten());
        Tensor s = Tensor.scalar(DType.FLOAT64, 7);   // 0-dim: flatten makes it [1], a new tensor
        assertArrayEquals(new int[] {1}, s.flatten().shape());
        assertNotSame(y, y.flatten(0, 1));
    }

    @Test
    void squeezeAndTransposeOfAScalarAcceptDimZeroAsInPyTorch() {
        Tensor s = Tensor.scalar(DType.FLOAT64, 7).requiresGrad(true);
        Tensor q = s.squeeze(0);
        Tensor t = s.transpose(0, -1);
        assertEquals(0, q.rank());
        assertEquals(0, t.rank());
        assertNotSame(s, q);
        assertNotSame(s, t);
        assertEquals(14.0, q.add(t).item(), 0);
    }
}
