package dev.ember.nn.layers;

import dev.ember.DType;
import dev.ember.Generator;
import dev.ember.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class FlattenTest {
    @Test
    void keepsTheBatchDimByDefault() {
        Tensor x = Tensor.arange(2 * 3 * 4 * 5).to(DType.FLOAT32).reshape(2, 3, 4, 5);
        Tensor y = new Flatten().forward(x);
        assertArrayEquals(new int[] {2, 60}, y.shape());
        assertArrayEquals(x.toFloatArray(), y.toFloatArray());   // row-major order kept, as torch.flatten
        assertArrayEquals(new int[] {2, 12, 5}, new Flatten(1, 2).forward(x).shape());
        assertArrayEquals(new int[] {6, 20}, new Flatten(0, 1).forward(x).reshape(6, 20).shape());
        assertArrayEquals(new int[] {2, 3, 20}, new Flatten(-2, -1).forward(x).shape());
    }

    @Test
    void gradientIsReshapedBack() {
        LayerGradCheck.check(new Flatten(), new Generator(4).randn(DType.FLOAT64, 2, 3, 2, 2));
    }

    @Test
    void tooFewDimsNamesTheLayer() {
        assertEquals("Flatten(startDim=1, endDim=-1): expected input with at least 2 dims, got [7]",
                assertThrows(IllegalArgumentException.class, () -> new Flatten().forward(Tensor.zeros(7))).getMessage());
        assertEquals("Flatten(startDim=2, endDim=1): startDim comes after endDim for input of shape [2, 3, 4]",
                assertThrows(IllegalArgumentException.class, () -> new Flatten(2, 1).forward(Tensor.zeros(2, 3, 4))).getMessage());
    }
}
