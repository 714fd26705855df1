package dev.ember.nn;

import dev.ember.DType;
import dev.ember.Tensor;
import dev.ember.nn.layers.Linear;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class ModuleTest {
    static final class Shared extends Module {
        final Linear a = child("a", new Linear(3, 3));
        final Linear b = child("b", a);

        @Override
        public Tensor forward(Tensor x) { return b.forward(a.forward(x)); }
    }

    @Test
    void namesAreDottedPathsLikePyTorch() {
        Sequential s = new Sequential(new Linear(4, 3), new Linear(3, 2, false));
        assertEquals(List.of("0.weight", "0.bias", "1.weight"), List.copyOf(s.namedParameters().keySet()));
        assertEquals(4 * 3 + 3 + 3 * 2, s.parameterCount());
        assertArrayEquals(new int[] {2, 2}, s.forward(Tensor.ones(2, 4)).shape());
    }

    @Test
    void sharedModulesAreCountedOnce() {
        Shared m = new Shared();
        assertEquals(2, m.parameters().size());
        assertEquals(List.of("a.weight", "a.bias"), List.copyOf(m.stateDict().keySet()));
    }

    @Test
    void loadStateDictCopiesValuesAndRejectsMismatchesWithoutChangingAnything() {
        Sequential a = new Sequential(new Linear(4, 3));
        Sequential b = new Sequential(new Linear(4, 3));
        b.loadStateDict(a.stateDict());
        assertArrayEquals(a.stateDict().get("0.weight").toFloatArray(), b.stateDict().get("0.weight").toFloatArray());

        float[] before = b.stateDict().get("0.bias").toFloatArray();
        Map<String, Tensor> bad = Map.of("0.weight", Tensor.zeros(3, 5), "0.bias", Tensor.zeros(3), "extra", Tensor.zeros(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.loadStateDict(bad));
        assertTrue(e.getMessage().contains("0.weight: checkpoint [3, 5], model [3, 4]"), e.getMessage());
        assertArrayEquals(before, b.stateDict().get("0.bias").toFloatArray());

        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> b.loadStateDict(Map.of("0.weight", Tensor.zeros(3, 4), "extra", Tensor.zeros(1))));
        assertTrue(missing.getMessage().contains("missing keys [0.bias]"), missing.getMessage());
        assertTrue(missing.getMessage().contains("unexpected keys [extra]"), missing.getMessage());
    }

    @Test
    void wrongInputShapeNamesTheLayerAndBothShapes() {
        Linear fc = new Linear(784, 10);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fc.forward(Tensor.zeros(2, 100)));
        assertEquals("Linear(in=784, out=10): expected input of shape [..., 784], got [2, 100]", e.getMessage());
    }

    @Test
    void trainEvalAndDtypeReachEveryDescendant() {
        Sequential s = new Sequential(new Linear(2, 2), new Sequential(new Linear(2, 2)));
        s.eval();
        assertFalse(s.get(1).isTraining());
        s.to(DType.FLOAT64);
        assertEquals(DType.FLOAT64, s.parameters().get(3).dtype());
        assertTrue(s.parameters().get(3).requiresGrad());
        assertEquals(DType.FLOAT64, s.forward(Tensor.ones(DType.FLOAT64, 1, 2)).dtype());
    }
}
