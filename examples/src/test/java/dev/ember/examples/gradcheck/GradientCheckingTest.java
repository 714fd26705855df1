package dev.ember.examples.gradcheck;

import dev.ember.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class GradientCheckingTest {
    @Test
    void theRightDerivativePassesAndTheBrokenOneFails() {
        List<Tensor> xy = GradientChecking.data(1);
        GradientChecking.Report right = GradientChecking.check(GradientChecking.model(true, 1), xy.get(0), xy.get(1));
        GradientChecking.Report broken = GradientChecking.check(GradientChecking.model(false, 1), xy.get(0), xy.get(1));
        System.out.printf("gradient check: right %.2e, broken %.2e%n", right.overall(), broken.overall());
        assertTrue(right.overall() < GradientChecking.CORRECT, "right: " + right);
        assertEquals("correct", right.verdict());
        assertTrue(broken.overall() > GradientChecking.WRONG, "broken: " + broken);
        // the layer after the broken function is still right; the one before it is not
        assertTrue(broken.perParameter().get("2.weight") < GradientChecking.CORRECT);
        assertTrue(broken.perParameter().get("0.weight") > GradientChecking.WRONG);
    }

    @Test
    void theCustomFunctionKeepsItsValue() {
        Tensor x = Tensor.of(new double[] {-2, 0, 1.5}, 3);
        assertArrayEquals(x.silu().toDoubleArray(), new CustomSwish(false).forward(x).toDoubleArray(), 1e-12);
        // recorded as one node, the user's function, whose backward is the one written by hand
        assertEquals("swish", new CustomSwish(true).forward(x.requiresGrad(true)).gradFnName());
    }
}
