package dev.ember.nn.data;

import dev.ember.DType;
import dev.ember.Generator;
import dev.ember.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class TransformTest {
    @Test
    void normalizeSubtractsAndDividesPerChannel() {
        // two channels of 2 pixels: (x - mean[c]) / std[c], as torchvision's Normalize
        Tensor x = Tensor.of(new float[] {1, 3, 10, 30}, 1, 2, 1, 2);
        Tensor y = new Normalize(new double[] {1, 10}, new double[] {2, 5}).transform(x);
        assertArrayEquals(new float[] {0, 1, 0, 4}, y.toFloatArray(), 1e-7f);
        Tensor flat = new Normalize(0.5, 0.25).transform(Tensor.of(new float[] {0, 0.5f, 1}, 1, 3));
        assertArrayEquals(new float[] {-2, 0, 2}, flat.toFloatArray(), 1e-7f);
    }

    @Test
    void composeRunsInOrderAndMixesWithAugmentations() {
        Tensor bytes = Tensor.of(new long[] {0, 51, 102, 255}, 1, 1, 2, 2);
        Transform t = Compose.of(new ToFloat(1 / 255.0), RandomFlip.horizontal(1, new Generator(0)), new Normalize(0.2, 0.2));
        Batch b = t.apply(new Batch(bytes, Tensor.of(new long[] {7})));
        assertEquals(DType.FLOAT32, b.inputs().dtype());
        // 0, 0.2, 0.4, 1 -> flipped 0.2, 0, 1, 0.4 -> (v - 0.2) / 0.2
        assertArrayEquals(new float[] {0, -1, 4, 1}, b.inputs().toFloatArray(), 1e-6f);
        assertArrayEquals(new long[] {7}, b.targets().toLongArray(), "targets pass through");
        Transform chained = new ToFloat(2).then(x -> x.add(1));
        assertArrayEquals(new float[] {3, 5}, chained.transform(Tensor.of(new int[] {1, 2})).toFloatArray());
    }

    @Test
    void aDataLoaderAppliesTheComposedTransform() {
        Tensor images = Tensor.of(new long[] {0, 255, 255, 0}, 4, 1, 1, 1);
        TensorDataset data = new TensorDataset(images, Tensor.arange(4));
        DataLoader loader = DataLoader.builder(data).batchSize(4).transform(Compose.of(new ToFloat(1 / 255.0), new Normalize(0.5, 0.5))).build();
        Batch b = loader.iterator().next();
        assertArrayEquals(new float[] {-1, 1, 1, -1}, b.inputs().toFloatArray(), 1e-6f);
    }

    @Test
    void badSettingsAndInputsAreRefusedWithTheirShapes() {
        assertThrows(IllegalArgumentException.class, () -> new Normalize(new double[] {0, 0}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> new Normalize(0, 0));
        var e = assertThrows(IllegalArgumentException.class,
                () -> new Normalize(new double[] {0, 0, 0}, new double[] {1, 1, 1}).transform(Tensor.zeros(2, 1, 4, 4)));
        assertTrue(e.getMessage().contains("[2, 1, 4, 4]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Normalize(0, 1).transform(Tensor.zeros(DType.INT64, 2)));
    }
}
