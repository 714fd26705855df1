package dev.ember.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The float32 softmax rows in use (Vector API, or scalar under {@code -Dember.simd=false}, which the second
 * surefire run covers) against float64 on odd lengths, an offset row, extreme values and NaN.
 */
class SoftmaxRowsTest {
    @ParameterizedTest
    @ValueSource(ints = {1, 7, 15, 16, 17, 100, 1025})
    void matchesFloat64(int n) {
        SplittableRandom r = new SplittableRandom(n);
        float[] x = new float[n + 3];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextDouble(-30, 30);
        x[3] = 80f;   // exp(80) overflows float: only the max shift keeps it finite
        for (boolean log : new boolean[] {false, true}) {
            float[] out = new float[n + 1];
            Simd.SOFTMAX_ROWS.softmax(x, 3, out, 1, n, log);
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) max = Math.max(max, x[3 + i]);
            double sum = 0;
            for (int i = 0; i < n; i++) sum += Math.exp(x[3 + i] - max);
            for (int i = 0; i < n; i++) {
                double expected = log ? x[3 + i] - max - Math.log(sum) : Math.exp(x[3 + i] - max) / sum;
                double err = Math.abs(out[1 + i] - expected);
                assertTrue(err <= 1e-6 + 2e-6 * Math.abs(expected), "n=" + n + " log=" + log + " at " + i + ": " + out[1 + i] + " vs " + expected);
            }
            assertEquals(0f, out[0], "wrote before the row");
        }
    }

    /** The kernel in use gives the scalar reference's bits: the fused exp-and-sum pass keeps its order of additions. */
    @ParameterizedTest
    @ValueSource(ints = {1, 8, 15, 16, 17, 24, 31, 32, 33, 100, 255, 256, 257, 272, 527, 1024, 1031})
    void givesTheBitsOfTheScalarRows(int n) {
        SplittableRandom r = new SplittableRandom(31 + n);
        float[] x = new float[n + 5];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextDouble(-12, 12);
        for (boolean log : new boolean[] {false, true}) {
            float[] got = new float[n + 2], want = new float[n + 2];
            Simd.SOFTMAX_ROWS.softmax(x, 5, got, 2, n, log);
            new ScalarSoftmaxRows().softmax(x, 5, want, 2, n, log);
            for (int i = 0; i < got.length; i++) {
                int at = i;
                assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(got[i]),
                        () -> "n=" + n + " log=" + log + " at " + at + ": " + got[at] + " vs " + want[at]);
            }
        }
    }

    /**
     * The same on rows whose exponentials reach the slow lanes (x - max below -87: subnormal and zero results, in
     * vectors mixed with ordinary lanes), with -infinity, signed zeros as the maximum, and maxima in every position
     * of the eight running vectors.
     */
    @ParameterizedTest
    @ValueSource(ints = {16, 130, 1024, 1043})
    void givesTheBitsOfTheScalarRowsOnWideRows(int n) {
        SplittableRandom r = new SplittableRandom(7 + n);
        for (int trial = 0; trial < 40; trial++) {
            float[] x = new float[n];
            for (int i = 0; i < n; i++) x[i] = (float) r.nextDouble(-140, 0);
            x[r.nextInt(n)] = trial % 4 == 0 ? -0f : 0f;
            if (trial % 3 == 0) x[r.nextInt(n)] = Float.NEGATIVE_INFINITY;
            if (trial % 5 == 1) x[r.nextInt(n)] = 0f;
            for (boolean log : new boolean[] {false, true}) {
                float[] got = new float[n], want = new float[n];
                Simd.SOFTMAX_ROWS.softmax(x, 0, got, 0, n, log);
                new ScalarSoftmaxRows().softmax(x, 0, want, 0, n, log);
                for (int i = 0; i < n; i++) {
                    int at = i;
                    assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(got[i]),
                            () -> "n=" + n + " log=" + log + " at " + at + ": " + got[at] + " vs " + want[at]);
                }
            }
        }
    }

    /**
     * Softmax within {@value #SOFTMAX_ULPS} float ulps of float64's on the same float differences {@code x - max}
     * (their rounding is the float32 definition's, PyTorch's too), and log-softmax within
     * {@value #LOG_SOFTMAX_ULPS} ulps of the larger of {@code |x|} and {@code |max + log(sum)|} (the two it
     * subtracts), over 300 rows of N(0, s^2) values up to 4099 long: the exp's ulp, and the float scale
     * {@code 1 / sum} and its product each add up to half an ulp (measured: 2.18 and 1.50).
     */
    @org.junit.jupiter.api.Test
    void withinItsUlpBoundOfFloat64() {
        SplittableRandom r = new SplittableRandom(2026);
        double worst = 0, worstLog = 0;
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + r.nextInt(trial % 10 == 0 ? 4099 : 1100);
            double spread = new double[] {0.1, 1, 3, 10}[trial % 4];
            float[] x = new float[n];
            for (int i = 0; i < n; i++) x[i] = (float) (spread * r.nextGaussian());
            float max = Float.NEGATIVE_INFINITY;
            for (float v : x) max = Math.max(max, v);
            double sum = 0;
            for (float v : x) sum += Math.exp(v - max);
            double offset = max + Math.log(sum);
            float[] out = new float[n], logOut = new float[n];
            Simd.SOFTMAX_ROWS.softmax(x, 0, out, 0, n, false);
            Simd.SOFTMAX_ROWS.softmax(x, 0, logOut, 0, n, true);
            for (int i = 0; i < n; i++) {
                double exact = Math.exp(x[i] - max) / sum;
                worst = Math.max(worst, Math.abs(out[i] - exact) / Math.ulp((float) exact));
                double scale = Math.ulp((float) Math.max(Math.abs(x[i]), Math.abs(offset)));
                worstLog = Math.max(worstLog, Math.abs(logOut[i] - (x[i] - offset)) / scale);
            }
        }
        System.out.printf("softmax rows: max %.3f ulp, log-softmax max %.3f ulp%n", worst, worstLog);
        assertTrue(worst <= SOFTMAX_ULPS, "softmax: " + worst + " ulp");
        assertTrue(worstLog <= LOG_SOFTMAX_ULPS, "log-softmax: " + worstLog + " ulp");
    }

    static final double SOFTMAX_ULPS = 2.5, LOG_SOFTMAX_ULPS = 2;

    @ParameterizedTest
    @ValueSource(ints = {1, 17})
    void aNanRowIsNan(int n) {
        float[] x = new float[n];
        x[n - 1] = Float.NaN;
        float[] out = new float[n];
        Simd.SOFTMAX_ROWS.softmax(x, 0, out, 0, n, false);
        for (float v : out) assertTrue(Float.isNaN(v));
    }
}
