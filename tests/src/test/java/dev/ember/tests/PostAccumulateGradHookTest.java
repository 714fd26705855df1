package dev.ember.tests;

import dev.ember.Autograd;
import dev.ember.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Tensor.registerPostAccumulateGradHook: once per pass per leaf, after its whole gradient is in, before backward ends. */
class PostAccumulateGradHookTest {

    @Test
    void aLeafUsedThriceIsReportedOnceWithItsWholeGradient() {
        Tensor x = Tensor.of(new double[] {1, 2, 3}).requiresGrad(true);
        List<double[]> seen = new ArrayList<>();
        x.registerPostAccumulateGradHook(t -> seen.add(t.grad().toDoubleArray()));
        // x enters the graph three times, at two depths: x*x gives 2x, + x gives 1
        x.mul(x).add(x).sum().backward();
        assertEquals(1, seen.size());
        assertArrayEquals(new double[] {3, 5, 7}, seen.get(0), 1e-12);
    }

    @Test
    void hooksRunInTheOrderLeavesBecomeFinal() {
        Tensor w1 = Tensor.of(new double[] {0.5, -1}).requiresGrad(true);
        Tensor w2 = Tensor.of(new double[] {2, 3}).requiresGrad(true);
        List<String> order = new ArrayList<>();
        w1.registerPostAccumulateGradHook(t -> order.add("w1"));
        w2.registerPostAccumulateGradHook(t -> order.add("w2"));
        // w2 acts last in forward, so its gradient is final first
        w1.mul(3.0).tanh().mul(w2).sum().backward();
        assertEquals(List.of("w2", "w1"), order);
    }

    @Test
    void aLeafWithoutGradientThisPassIsNotReported_andClosingRemovesTheHook() {
        Tensor used = Tensor.of(new double[] {1}).requiresGrad(true);
        Tensor unused = Tensor.of(new double[] {1}).requiresGrad(true);
        int[] calls = new int[2];
        var a = used.registerPostAccumulateGradHook(t -> calls[0]++);
        unused.registerPostAccumulateGradHook(t -> calls[1]++);
        used.mul(2.0).sum().backward();
        assertArrayEquals(new int[] {1, 0}, calls);
        a.close();
        used.mul(2.0).sum().backward();
        assertArrayEquals(new int[] {1, 0}, calls);
    }

    @Test
    void aLeafOutputAndAutogradGrad() {
        Tensor x = Tensor.of(new double[] {4}).requiresGrad(true);
        int[] calls = new int[1];
        x.registerPostAccumulateGradHook(t -> calls[0]++);
        x.backward(Tensor.of(new double[] {1}));
        assertEquals(1, calls[0]);
        Autograd.grad(x.mul(x).sum(), List.of(x));   // returns the gradient, accumulates nothing: no hook
        assertEquals(1, calls[0]);
    }

    @Test
    void onlyLeavesTakeTheHook() {
        Tensor x = Tensor.of(new double[] {1}).requiresGrad(true);
        var e = assertThrows(IllegalStateException.class, () -> x.mul(2.0).registerPostAccumulateGradHook(t -> {}));
        assertEquals("registerPostAccumulateGradHook: the tensor was computed by 'mul'; only leaves accumulate a gradient",
                e.getMessage());
    }
}
