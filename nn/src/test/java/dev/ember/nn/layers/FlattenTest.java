package dev.ember.nn.layers;

import dev.ember.DType;
import dev.ember.Generator;
import dev.ember.Tensor;
import dev.ember.nn.Sequential;
import org.junit.jupiter.api.Test;

import java.util.List;

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
    void joinsTheConvolutionalAndDenseParts() {
        Sequential cnn = new Sequential(new Conv2d(1, 4, 3, 1, 1), new ReLU(), new MaxPool2d(2), new Flatten(),
                new Dropout(0.25, new Generator(2)), new Linear(4 * 14 * 14, 10), new LogSoftmax(1));
        Tensor out = cnn.forward(new Generator(1).randn(2, 1, 28, 28));
        assertArrayEquals(new int[] {2, 10}, out.shape());
        out.sum().backward();
        assertEquals(List.of("0.weight", "0.bias", "5.weight", "5.bias"), List.copyOf(cnn.namedParameters().keySet()));
        for (Tensor p : cnn.parameters()) assertNotNull(p.grad());
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
