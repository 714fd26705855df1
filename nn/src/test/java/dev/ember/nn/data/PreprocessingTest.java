package dev.ember.nn.data;

import dev.ember.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class PreprocessingTest {
    private static final float NAN = Float.NaN;
    // feature 0: 1, 3, 5; feature 1: constant 7; feature 2: -2, 0, 2
    private static final Tensor TRAIN = Tensor.of(new float[] {1, 7, -2, 3, 7, 0, 5, 7, 2}, 3, 3);
    private static final Tensor TEST = Tensor.of(new float[] {9, 8, 4}, 1, 3);

    @Test
    void minMaxUsesTheTrainingRangeOnlyAndShiftsConstantFeatures() {
        MinMaxScaler s = new MinMaxScaler();
        assertArrayEquals(new float[] {0, 0, 0, 0.5f, 0, 0.5f, 1, 0, 1}, s.fitTransform(TRAIN).toFloatArray(), 1e-6f);
        // test values outside the training range map outside [0, 1]: (9-1)/4, (8-7)/1, (4+2)/4
        assertArrayEquals(new float[] {2, 1, 1.5f}, s.transform(TEST).toFloatArray(), 1e-6f);
        assertArrayEquals(TEST.toFloatArray(), s.inverseTransform(s.transform(TEST)).toFloatArray(), 1e-5f);
        MinMaxScaler wide = new MinMaxScaler(-1, 1);
        wide.fit(TRAIN);
        assertArrayEquals(new float[] {-1, -1, -1}, wide.transform(TRAIN).narrow(0, 0, 1).toFloatArray(), 1e-6f);
    }

    @Test
    void standardScalerUsesTheTrainingMeanAndPopulationStd() {
        StandardScaler s = new StandardScaler();
        s.fit(TRAIN);
        double sd = Math.sqrt(8.0 / 3);                  // population std of 1, 3, 5 (and of -2, 0, 2)
        assertArrayEquals(new float[] {3, 7, 0}, s.mean().toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {(float) sd, 1, (float) sd}, s.std().toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {(float) (6 / sd), 1, (float) (4 / sd)}, s.transform(TEST).toFloatArray(), 1e-5f);
        Tensor z = s.transform(TRAIN);
        assertEquals(0, z.mean().item(), 1e-6);
        assertFalse(Double.isNaN(z.sum().item()), "a constant feature must not give NaN");
    }

    @Test
    void scalersRejectUseBeforeFitAndOtherFeatureShapes() {
        StandardScaler s = new StandardScaler();
        assertThrows(IllegalStateException.class, () -> s.transform(TEST));
        s.fit(TRAIN);
        var e = assertThrows(IllegalArgumentException.class, () -> s.transform(Tensor.zeros(2, 4)));
        assertEquals("StandardScaler.transform: expected [N, 3] like the training data, got [2, 4]", e.getMessage());
    }

    @Test
    void missingRowsAreDroppedOrImputedFromTrainingStatistics() {
        Tensor x = Tensor.of(new float[] {1, NAN, 2, 10, NAN, 30, 4, 20}, 4, 2);
        assertArrayEquals(new int[] {1, 3}, MissingValues.completeRows(x));
        assertArrayEquals(new float[] {2, 10, 4, 20}, MissingValues.dropRows(x).toFloatArray());
        var data = new TensorDataset(x, Tensor.of(new float[] {1, 2, NAN, 4}, 4));
        assertArrayEquals(new float[] {2, 4}, MissingValues.dropRows(data).targets().toFloatArray());

        Tensor test = Tensor.of(new float[] {NAN, NAN}, 1, 2);
        // present values: feature 0 {1, 2, 4}, feature 1 {10, 30, 20}
        assertArrayEquals(new float[] {7f / 3, 20}, Imputer.mean().fit(x).transform(test).toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {2, 20}, Imputer.median().fit(x).transform(test).toFloatArray());
        assertArrayEquals(new float[] {1, -1, 2, 10, -1, 30, 4, 20}, Imputer.constant(-1).fitTransform(x).toFloatArray());
        Tensor evenMedian = Tensor.of(new float[] {1, 0, 2, 0, NAN, 0, 10, 0}, 4, 2);
        assertEquals(2f, Imputer.median().fit(evenMedian).fillValues().toFloatArray()[0]);
        assertThrows(IllegalArgumentException.class, () -> Imputer.mean().fit(Tensor.of(new float[] {NAN, 1}, 1, 2)));
    }

    @Test
    void downsamplingKeepsOneInFactorOfTheMajorityAndUpWeightsIt() {
        long[] y = new long[100];
        for (int i = 0; i < 100; i++) y[i] = i % 10 == 0 ? 1 : 0;       // 90 of class 0, 10 of class 1
        Downsampling.Result r = Downsampling.downsample(Tensor.of(y, 100), 0, 9, 5);
        int[] kept = r.indices();
        assertEquals(20, kept.length);                                  // 10 of 90 majority + all 10 minority
        float[] w = r.weights().toFloatArray();
        int majority = 0;
        for (int i = 0; i < kept.length; i++) {
            if (i > 0) assertTrue(kept[i] > kept[i - 1]);
            boolean isMajority = y[kept[i]] == 0;
            if (isMajority) majority++;
            assertEquals(isMajority ? 9f : 1f, w[i], "weight = 90 original / 10 kept for class 0, 1 for class 1");
        }
        assertEquals(10, majority);
        assertEquals(90, r.weights().sum().item() - 10, 1e-4, "the weights restore the majority's original total");
        assertArrayEquals(kept, Downsampling.downsample(Tensor.of(y, 100), 0, 9, 5).indices());
        assertThrows(IllegalArgumentException.class, () -> Downsampling.downsample(Tensor.of(y, 100), 0, 0.5, 5));
    }
}
