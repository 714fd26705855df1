package dev.ember.nn.data;

import dev.ember.Generator;
import dev.ember.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class AugmentationTest {
    /** One 3x3 image, two channels: 1..9 and 10..90. */
    private static Tensor image() {
        return Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20, 30, 40, 50, 60, 70, 80, 90}, 1, 2, 3, 3);
    }

    private static float[] channel0(Tensor x) { return x.narrow(1, 0, 1).contiguous().toFloatArray(); }

    @Test
    void flipsMirrorEveryChannelExactly() {
        Tensor h = RandomFlip.horizontal(1, new Generator(0)).augment(image());
        assertArrayEquals(new float[] {3, 2, 1, 6, 5, 4, 9, 8, 7, 30, 20, 10, 60, 50, 40, 90, 80, 70}, h.toFloatArray());
        Tensor v = RandomFlip.vertical(1, new Generator(0)).augment(image());
        assertArrayEquals(new float[] {7, 8, 9, 4, 5, 6, 1, 2, 3}, channel0(v));
        assertArrayEquals(image().toFloatArray(), RandomFlip.horizontal(0, new Generator(0)).augment(image()).toFloatArray());
    }

    @Test
    void aOnePixelTranslationShiftsAndFillsWithZeros() {
        Tensor right = new RandomTranslation(1, 1, 0, 0, new Generator(0)).augment(image());
        assertArrayEquals(new float[] {0, 1, 2, 0, 4, 5, 0, 7, 8}, channel0(right));
        Tensor up = new RandomTranslation(0, 0, -1, -1, new Generator(0)).augment(image());
        assertArrayEquals(new float[] {4, 5, 6, 7, 8, 9, 0, 0, 0}, channel0(up));
    }

    @Test
    void randomTranslationsDrawEveryShiftInRangePerImage() {
        Tensor batch = image().expand(200, 2, 3, 3).contiguous();
        Tensor out = new RandomTranslation(1, 1, new Generator(3)).augment(batch);
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < 200; i++) seen.add(java.util.Arrays.toString(channel0(out.narrow(0, i, 1))));
        assertEquals(9, seen.size(), "all 3x3 shifts of [-1, 1] occur, each image its own: " + seen);
        assertTrue(seen.contains("[0.0, 1.0, 2.0, 0.0, 4.0, 5.0, 0.0, 7.0, 8.0]"));
        Tensor again = new RandomTranslation(1, 1, new Generator(3)).augment(batch);
        assertArrayEquals(out.toFloatArray(), again.toFloatArray(), "same seed, same shifts");
    }

    @Test
    void rotationBy90DegreesIsExactlyRot90() {
        Tensor r = new RandomRotation(90, 90, new Generator(0)).augment(image());
        // torch.rot90(torch.arange(1, 10).reshape(3, 3), 1, [0, 1]) -> [[3, 6, 9], [2, 5, 8], [1, 4, 7]]
        assertArrayEquals(new float[] {3, 6, 9, 2, 5, 8, 1, 4, 7}, channel0(r));
        float[] sixteen = new float[16];
        for (int i = 0; i < 16; i++) sixteen[i] = i;
        Tensor even = new RandomRotation(-90, -90, new Generator(0)).augment(Tensor.of(sixteen, 1, 1, 4, 4));
        // torch.rot90(torch.arange(16).reshape(4, 4), -1, [0, 1])
        assertArrayEquals(new float[] {12, 8, 4, 0, 13, 9, 5, 1, 14, 10, 6, 2, 15, 11, 7, 3}, even.toFloatArray());
        Tensor half = new RandomRotation(180, 180, new Generator(0)).augment(image());
        assertArrayEquals(new float[] {9, 8, 7, 6, 5, 4, 3, 2, 1}, channel0(half));
    }

    @Test
    void zoomScalesAboutTheCentre() {
        assertArrayEquals(new float[] {0, 0, 0, 0, 5, 0, 0, 0, 0}, channel0(new RandomZoom(0.5, 0.5, new Generator(0)).augment(image())));
        float[] sixteen = new float[16];
        for (int i = 0; i < 16; i++) sixteen[i] = i;
        Tensor in = new RandomZoom(2, 2, new Generator(0)).augment(Tensor.of(sixteen, 1, 1, 4, 4));
        assertArrayEquals(new float[] {5, 5, 6, 6, 5, 5, 6, 6, 9, 9, 10, 10, 9, 9, 10, 10}, in.toFloatArray());
        assertArrayEquals(image().toFloatArray(), new RandomZoom(1, 1, new Generator(0)).augment(image()).toFloatArray());
    }

    @Test
    void noiseHasTheAskedStatisticsAndRespectsTheClamp() {
        Tensor zeros = Tensor.zeros(16, 1, 32, 32);
        Tensor noisy = new GaussianNoise(0.5, new Generator(11)).augment(zeros);
        assertEquals(0, noisy.mean().item(), 4 * 0.5 / Math.sqrt(16384));
        assertEquals(0.5, noisy.std().item(), 0.02);
        Tensor clamped = new GaussianNoise(0.5, 0, 1, new Generator(11)).augment(zeros.add(0.5));
        assertTrue(clamped.min().item() >= 0 && clamped.max().item() <= 1);
        assertTrue(clamped.eq(1.0).to(dev.ember.DType.FLOAT32).sum().item() > 100, "some values reached the clamp");
    }

    @Test
    void flipsAreDrawnPerImageWithProbabilityP() {
        Tensor batch = image().expand(400, 2, 3, 3).contiguous();
        Tensor out = RandomFlip.horizontal(0.5, new Generator(5)).augment(batch);
        // first pixel is 3 in a flipped image, 1 otherwise
        float[] flat = out.toFloatArray();
        int flipped = 0;
        for (int i = 0; i < 400; i++) if (flat[i * 18] == 3) flipped++;
        assertTrue(flipped > 150 && flipped < 250, flipped + " of 400 flipped");
    }

    @Test
    void composedAugmentationsRunInOrderAndWorkAsALoaderTransform() {
        Augmentation both = Augmentation.compose(RandomFlip.horizontal(1, new Generator(0)), new RandomTranslation(1, 1, 0, 0, new Generator(0)));
        assertArrayEquals(new float[] {0, 3, 2, 0, 6, 5, 0, 9, 8}, channel0(both.augment(image())));
        var data = new TensorDataset(image().expand(4, 2, 3, 3).contiguous(), Tensor.arange(4));
        DataLoader loader = DataLoader.builder(data).batchSize(4).transform(RandomFlip.vertical(1, new Generator(0))).build();
        Batch b = loader.iterator().next();
        assertEquals(7f, b.inputs().toFloatArray()[0]);
        assertArrayEquals(new long[] {0, 1, 2, 3}, b.targets().toLongArray());
    }

    @Test
    void badInputNamesTheAugmentationAndTheShape() {
        var e = assertThrows(IllegalArgumentException.class, () -> new RandomRotation(0, 10, new Generator(0)).augment(Tensor.zeros(3, 28, 28)));
        assertEquals("RandomRotation: expected floating images [N, C, H, W], got float32 [3, 28, 28]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RandomFlip.horizontal(1.5, new Generator(0)));
        assertThrows(IllegalArgumentException.class, () -> new RandomZoom(0, 1, new Generator(0)));
        assertThrows(IllegalArgumentException.class, () -> new GaussianNoise(-1, new Generator(0)));
    }
}
