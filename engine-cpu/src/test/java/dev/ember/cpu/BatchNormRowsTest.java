package dev.ember.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Batch norm's float32 runs in use (Vector API, or scalar under {@code -Dember.simd=false}) give the scalar
 * reference's bits, whatever the run's length and offset, and the sums agree with float64 loops.
 */
class BatchNormRowsTest {
    private final BatchNormRows reference = new ScalarBatchNormRows();

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 15, 16, 17, 33, 100, 1025})
    void simdGivesTheScalarBits(int n) {
        SplittableRandom r = new SplittableRandom(n);
        float[] x = new float[n + 3];
        float[] dy = new float[n + 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextDouble(-3, 5);
            dy[i] = (float) r.nextDouble(-1, 1);
        }
        double mean = 0.7;
        double squares = Simd.BATCH_NORM_ROWS.squaredDeviations(x, 3, n, mean);
        double dot = Simd.BATCH_NORM_ROWS.dotDeviations(dy, x, 3, n, mean);
        assertEquals(reference.squaredDeviations(x, 3, n, mean), squares);
        assertEquals(reference.dotDeviations(dy, x, 3, n, mean), dot);
        double s = 0, d = 0;
        for (int i = 3; i < n + 3; i++) {
            s += (x[i] - mean) * (x[i] - mean);
            d += dy[i] * (x[i] - mean);
        }
        assertTrue(Math.abs(s - squares) <= 1e-12 * n * (1 + s) && Math.abs(d - dot) <= 1e-12 * n * (1 + Math.abs(d)));

        float[] out = new float[n + 3], expected = new float[n + 3];
        Simd.BATCH_NORM_ROWS.normalize(x, 3, n, 0.7f, 1.3f, -0.2f, out);
        reference.normalize(x, 3, n, 0.7f, 1.3f, -0.2f, expected);
        assertEquals(0f, out[2], "wrote before the run");
        for (int i = 0; i < out.length; i++) assertEquals(expected[i], out[i], "normalize at " + i);
        Simd.BATCH_NORM_ROWS.inputGradient(dy, x, 3, n, 0.7f, 1.3f, 0.4f, -0.05f, out);
        reference.inputGradient(dy, x, 3, n, 0.7f, 1.3f, 0.4f, -0.05f, expected);
        for (int i = 0; i < out.length; i++) assertEquals(expected[i], out[i], "inputGradient at " + i);
    }
}
