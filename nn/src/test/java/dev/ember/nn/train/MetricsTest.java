package dev.ember.nn.train;

import dev.ember.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class MetricsTest {
    // targets   0 0 1 1 2 2 2 0
    // predicted 0 1 1 1 2 0 2 0
    // rows actual, columns predicted: [[2,1,0],[0,2,0],[1,0,2]]
    static final Tensor TARGETS = Tensor.of(new long[] {0, 0, 1, 1, 2, 2, 2, 0});
    static final Tensor PREDICTED = Tensor.of(new long[] {0, 1, 1, 1, 2, 0, 2, 0});

    /** Scores whose argmax is PREDICTED. */
    static Tensor scores() {
        long[] p = PREDICTED.toLongArray();
        float[] s = new float[p.length * 3];
        for (int i = 0; i < p.length; i++) {
            for (int c = 0; c < 3; c++) s[i * 3 + c] = c == p[i] ? 2.5f : -0.5f * c;
        }
        return Tensor.of(s, p.length, 3);
    }

    @Test
    void confusionMatrixCountsAndPerClassScoresMatchHandComputedValues() {
        ConfusionMatrix cm = ConfusionMatrix.of(scores(), TARGETS, 3);
        long[][] expected = {{2, 1, 0}, {0, 2, 0}, {1, 0, 2}};
        for (int a = 0; a < 3; a++) for (int p = 0; p < 3; p++) assertEquals(expected[a][p], cm.count(a, p), a + "," + p);
        assertEquals(8, cm.total());
        assertEquals(0.75, cm.accuracy(), 1e-12);
        // precision: column sums 3, 3, 2 -> 2/3, 2/3, 1; recall: row sums 3, 2, 3 -> 2/3, 1, 2/3
        assertEquals(2.0 / 3, cm.precision(0), 1e-12);
        assertEquals(2.0 / 3, cm.precision(1), 1e-12);
        assertEquals(1.0, cm.precision(2), 1e-12);
        assertEquals(2.0 / 3, cm.recall(0), 1e-12);
        assertEquals(1.0, cm.recall(1), 1e-12);
        assertEquals(2.0 / 3, cm.recall(2), 1e-12);
        // f1 = 2pr/(p+r): 2/3, 0.8, 0.8
        assertEquals(2.0 / 3, cm.f1(0), 1e-12);
        assertEquals(0.8, cm.f1(1), 1e-12);
        assertEquals(0.8, cm.f1(2), 1e-12);
        assertEquals(7.0 / 9, cm.macroPrecision(), 1e-12);
        assertEquals(7.0 / 9, cm.macroRecall(), 1e-12);
        assertEquals(34.0 / 45, cm.macroF1(), 1e-12);
        assertEquals(34.0 / 45, Metrics.f1(PREDICTED, TARGETS, 3), 1e-12);
        assertEquals(7.0 / 9, Metrics.precision(scores(), TARGETS, 3), 1e-12);
        assertEquals(7.0 / 9, Metrics.recall(scores(), TARGETS.to(dev.ember.DType.FLOAT32), 3), 1e-12);
    }

    @Test
    void confusionMatrixPrintsAsATable() {
        ConfusionMatrix cm = ConfusionMatrix.of(PREDICTED, TARGETS, 3);
        assertEquals("""
                actual \\ predicted
                         0    1    2
                    0    2    1    0
                    1    0    2    0
                    2    1    0    2""", cm.toString());
        assertTrue(cm.report().contains("   macro    0.7778    0.7778    0.7556         8"), cm.report());
    }

    @Test
    void aClassNeverPredictedOrNeverPresentScoresZeroNotNaN() {
        ConfusionMatrix cm = ConfusionMatrix.of(Tensor.of(new long[] {0, 0}), Tensor.of(new long[] {0, 1}), 3);
        assertEquals(0, cm.precision(1));
        assertEquals(0, cm.recall(2));
        assertEquals(0, cm.f1(2));
        assertEquals(0.5, cm.precision(0));
    }

    @Test
    void accuracyFromScoresIndicesOrOneHotTargets() {
        assertEquals(0.75, Metrics.accuracy(scores(), TARGETS), 1e-12);
        assertEquals(0.75, Metrics.accuracy(PREDICTED, TARGETS.oneHot(3)), 1e-12);
        assertEquals(1.0, Metrics.accuracy(scores(), PREDICTED), 1e-12);
    }

    @Test
    void maeAndRmseMatchHandComputedValues() {
        Tensor p = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        Tensor t = Tensor.of(new float[] {1.5f, 2, 2, 6}, 2, 2);
        // |errors| 0.5, 0, 1, 2 -> MAE 3.5/4; RMSE sqrt((0.25 + 0 + 1 + 4)/4)
        assertEquals(0.875, Metrics.mae(p, t), 1e-12);
        assertEquals(Math.sqrt(1.3125), Metrics.rmse(p, t), 1e-12);
    }

    @Test
    void badInputNamesTheProblem() {
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class, () -> Metrics.mae(Tensor.ones(3), Tensor.ones(3, 1)));
        assertEquals("mae: predictions [3] and targets [3, 1] must have the same shape", shape.getMessage());
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.of(PREDICTED, TARGETS, 2));
        assertEquals("ConfusionMatrix: target class 2 is outside [0, 2)", range.getMessage());
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class, () -> Metrics.accuracy(PREDICTED, Tensor.of(new long[] {1})));
        assertEquals("accuracy: 8 predictions but 1 targets", count.getMessage());
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class, () -> Metrics.accuracy(Tensor.ones(2, 2, 2), TARGETS));
        assertTrue(rank.getMessage().contains("expected class indices [n] or scores [n, classes], got [2, 2, 2]"), rank.getMessage());
        IllegalArgumentException fraction = assertThrows(IllegalArgumentException.class, () -> Metrics.accuracy(Tensor.of(new float[] {0.3f}), Tensor.of(new long[] {0})));
        assertTrue(fraction.getMessage().contains("must hold class indices, got 0.3"), fraction.getMessage());
    }
}
