package dev.ember.nn.layers;

import dev.ember.DType;
import dev.ember.Generator;
import dev.ember.Tensor;
import dev.ember.nn.ParameterGradCheck;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class EmbeddingTest {
    @Test
    void looksUpRowsForIndicesOfAnyShape() {
        Embedding emb = new Embedding(5, 3, null, new Generator(7));
        double[] w = emb.weight().value().toDoubleArray();
        Tensor out = emb.forward(Tensor.of(new long[] {4, 0, 2, 4}, 2, 2));
        assertArrayEquals(new int[] {2, 2, 3}, out.shape());
        int[] rows = {4, 0, 2, 4};
        double[] got = out.toDoubleArray();
        for (int k = 0; k < 4; k++) {
            for (int j = 0; j < 3; j++) assertEquals(w[rows[k] * 3 + j], got[k * 3 + j], 0.0);
        }
        assertArrayEquals(new int[] {3}, emb.forward(Tensor.scalar(DType.INT32, 1)).shape());   // int32, a scalar index
        assertEquals(List.of("weight"), List.copyOf(emb.stateDict().keySet()));   // nn.Embedding(5, 3).state_dict().keys()
    }

    @Test
    void initialisesAsStandardNormalWithAZeroPaddingRow() {
        Embedding emb = new Embedding(1000, 50, -1, new Generator(3));
        assertEquals(999, emb.paddingIdx());
        Tensor w = emb.weight().value();
        assertArrayEquals(new float[50], w.select(0, 999).toFloatArray(), 0f);
        Tensor rest = w.narrow(0, 0, 999);
        assertEquals(0, rest.mean().item(), 0.01);
        assertEquals(1, rest.std().item(), 0.01);
    }

    @Test
    void gradientSumsRepeatedIndicesAndSkipsThePaddingRow() {
        Embedding emb = new Embedding(4, 2, 1, new Generator(5));
        emb.to(DType.FLOAT64);
        Tensor idx = Tensor.of(new long[] {0, 1, 3, 0, 1}, 5);
        Tensor weights = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 5, 2);
        Tensor out = emb.forward(idx);
        assertArrayEquals(emb.weight().value().select(0, 1).toDoubleArray(), out.select(0, 1).toDoubleArray(), 0.0);
        out.mul(weights).sum().backward();
        // row 0: positions 0 and 3; row 1: padding; row 2: unused; row 3: position 2
        assertArrayEquals(new double[] {1 + 7, 2 + 8, 0, 0, 0, 0, 5, 6}, emb.weight().grad().toDoubleArray(), 0.0);
        ParameterGradCheck.check(emb, () -> emb.forward(Tensor.of(new long[] {0, 3, 2, 0}, 4)).mul(weights.narrow(0, 0, 4)).sum());
    }

    @Test
    void badIndicesAndSizesAreRejectedClearly() {
        Embedding emb = new Embedding(5, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> emb.forward(Tensor.of(new long[] {1, 5}, 2)));
        assertEquals("Embedding(5, 3): index 5 is out of range [0, 5)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> emb.forward(Tensor.of(new long[] {-1, 2}, 2)));
        assertEquals("Embedding(5, 3): index -1 is out of range [0, 5)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> emb.forward(Tensor.zeros(2)));
        assertEquals("Embedding(5, 3): expected integer indices, got float32 of shape [2]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Embedding(0, 3));
        assertThrows(IllegalArgumentException.class, () -> new Embedding(5, 3, 5));
        assertThrows(IllegalArgumentException.class, () -> new Embedding(5, 3, -6));
    }
}
