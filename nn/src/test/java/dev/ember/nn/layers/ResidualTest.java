package dev.ember.nn.layers;

import dev.ember.DType;
import dev.ember.GradCheck;
import dev.ember.Tensor;
import dev.ember.nn.ParameterGradCheck;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.ember.nn.layers.Waves.cosines;
import static dev.ember.nn.layers.Waves.wave;
import static org.junit.jupiter.api.Assertions.*;

class ResidualTest {
    @Test
    void addsTheInputOrItsProjectionToTheBody() {
        Linear body = new Linear(3, 3);
        Residual r = new Residual(body);
        Tensor x = wave(0.37, 1.3, 2, 3).to(DType.FLOAT32);
        assertArrayEquals(x.add(body.forward(x)).toFloatArray(), r.forward(x).toFloatArray(), 0f);
        assertEquals(List.of("body.weight", "body.bias"), List.copyOf(r.stateDict().keySet()));

        Linear wide = new Linear(3, 5);
        Linear projection = new Linear(3, 5, false);
        Residual p = new Residual(wide, projection);
        assertArrayEquals(projection.forward(x).add(wide.forward(x)).toFloatArray(), p.forward(x).toFloatArray(), 0f);
        assertEquals(List.of("body.weight", "body.bias", "shortcut.weight"), List.copyOf(p.stateDict().keySet()));
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Residual r = new Residual(new Linear(4, 3), new Linear(4, 3, false));
        r.to(DType.FLOAT64);
        Tensor w = cosines(0.11, 2, 3);
        GradCheck.Result result = GradCheck.check(in -> r.forward(in[0]).mul(w).sum(), wave(0.37, 1.3, 2, 4));
        assertTrue(result.passed(), result.toString());
        ParameterGradCheck.check(r, () -> r.forward(wave(0.37, 1.3, 2, 4)).tanh().mul(w).sum());
    }

    @Test
    void aShapeChangingBodyWithoutProjectionIsRejectedClearly() {
        Residual r = new Residual(new Linear(3, 5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.forward(Tensor.zeros(2, 3)));
        assertEquals("Residual(identity): the body gives [2, 5] but the identity shortcut gives [2, 3] for input [2, 3]; "
                + "add a projection shortcut", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Residual(null));
    }
}
