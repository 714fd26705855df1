package dev.ember.tests;

import dev.ember.DType;
import dev.ember.Device;
import dev.ember.Generator;
import dev.ember.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Factories, random generators, conversion back to Java, dtypes and toString. */
class CreationTest {

    @Test
    void constantFactories() {
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0}, Tensor.zeros(2, 3).toFloatArray());
        assertArrayEquals(new double[] {1, 1}, Tensor.ones(DType.FLOAT64, 2).toDoubleArray());
        assertArrayEquals(new long[] {7, 7, 7}, Tensor.full(DType.INT64, 7, 3).toLongArray());
        assertEquals(DType.FLOAT32, Tensor.zeros(1).dtype());
        assertEquals(Device.defaultDevice(), Tensor.zeros(1).device());
        assertArrayEquals(new int[] {}, Tensor.scalar(2.5).shape());
        assertEquals(2.5, Tensor.scalar(2.5).item());
        assertArrayEquals(new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, Tensor.eye(3).toFloatArray());
        assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0}, Tensor.eye(2, 3, DType.FLOAT64).toDoubleArray());
        assertArrayEquals(new int[] {0, 4}, Tensor.zeros(0, 4).shape());
        assertEquals(0, Tensor.zeros(0, 4).sum().item());
    }

    @Test
    void aDeviceWithoutABackendIsAClearError() {
        if (dev.ember.backend.Backends.available(Device.cuda(0))) return;   // a GPU machine: nothing to check
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Tensor.zeros(Device.cuda(0), DType.FLOAT32, 2));
        assertTrue(e.getMessage().contains("cuda:0"), e.getMessage());
        assertTrue(e.getMessage().contains("CUDA is not available"), "says why: " + e.getMessage());
        assertEquals(Device.CPU, Device.defaultDevice());
    }

    @Test
    void ranges() {
        assertArrayEquals(new long[] {0, 1, 2, 3}, Tensor.arange(4).toLongArray());
        assertEquals(DType.INT64, Tensor.arange(4).dtype());
        assertArrayEquals(new long[] {5, 3, 1}, Tensor.arange(5, 0, -2).toLongArray());
        assertArrayEquals(new float[] {0f, 0.5f, 1f, 1.5f}, Tensor.arange(0.0, 2.0, 0.5).toFloatArray());
        assertArrayEquals(new float[] {0, 0.25f, 0.5f, 0.75f, 1}, Tensor.linspace(0, 1, 5).toFloatArray());
        assertThrows(IllegalArgumentException.class, () -> Tensor.arange(0, 5, 0));
    }

    @Test
    void fromAndToJavaArrays() {
        Tensor t = Tensor.of(new float[][] {{1, 2, 3}, {4, 5, 6}});
        assertArrayEquals(new int[] {2, 3}, t.shape());
        assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6}, t.t().toDoubleArray());
        assertArrayEquals(new int[] {1, 4, 2, 5, 3, 6}, t.t().toIntArray());
        assertArrayEquals(new boolean[] {true, false}, Tensor.of(new double[] {0.5, 0}).toBooleanArray());
        assertArrayEquals(new long[] {3, -3}, Tensor.of(new double[] {3.9, -3.9}).to(DType.INT64).toLongArray());   // truncation
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[] {1, 2, 3}, 2, 2));
        assertThrows(IllegalStateException.class, () -> Tensor.ones(2).item());
    }

    @Test
    void seededRandomNumbersRepeat() {
        Tensor a = new Generator(7).randn(1000);
        Tensor b = new Generator(7).randn(1000);
        Tensor c = new Generator(8).randn(1000);
        assertArrayEquals(a.toFloatArray(), b.toFloatArray());
        assertFalse(java.util.Arrays.equals(a.toFloatArray(), c.toFloatArray()));
        Tensor.manualSeed(3);
        float[] first = Tensor.rand(5).toFloatArray();
        Tensor.manualSeed(3);
        assertArrayEquals(first, Tensor.rand(5).toFloatArray());
        Generator g = new Generator(1);
        assertFalse(java.util.Arrays.equals(g.rand(5).toFloatArray(), g.rand(5).toFloatArray()), "the stream moves on");
    }

    @Test
    void distributionsHaveTheirMoments() {
        Generator g = new Generator(11);
        Tensor u = g.rand(DType.FLOAT64, 200_000);
        assertEquals(0.5, u.mean().item(), 0.005);
        assertEquals(1 / 12.0, u.var().item(), 0.002);
        assertTrue(u.amin(new int[0], false).item() >= 0 && u.amax(new int[0], false).item() < 1);
        Tensor n = g.randn(DType.FLOAT64, 200_000);
        assertEquals(0, n.mean().item(), 0.01);
        assertEquals(1, n.std().item(), 0.01);
        Tensor r = g.randint(-3, 4, 100_000);
        assertEquals(DType.INT64, r.dtype());
        assertEquals(-3, r.amin(new int[0], false).toLongArray()[0]);
        assertEquals(3, r.amax(new int[0], false).toLongArray()[0]);
        assertEquals(0, r.to(DType.FLOAT64).mean().item(), 0.05);
        Tensor b = g.bernoulli(0.3, 100_000);
        assertEquals(0.3, b.mean().item(), 0.01);
        Tensor p = Tensor.of(new float[] {0, 1, 0.5f}).reshape(3, 1).expand(3, 20_000).contiguous();
        double[] rows = g.bernoulli(p).mean(1).toDoubleArray();
        assertEquals(0, rows[0], 0);
        assertEquals(1, rows[1], 0);
        assertEquals(0.5, rows[2], 0.02);
        assertEquals(0.5, g.uniform(0, 1, 50_000).mean().item(), 0.01);
        assertEquals(3, g.normal(3, 2, 50_000).mean().item(), 0.05);
    }

    @Test
    void toStringShowsShapeDtypeDeviceAndElidesLargeTensors() {
        String small = Tensor.of(new float[] {1, 2.5f, -3}).toString();
        assertTrue(small.contains("[1.0000, 2.5000, -3.0000]"), small);
        assertTrue(small.contains("shape=[3]") && small.contains("dtype=float32") && small.contains("device=cpu"), small);
        String ints = Tensor.of(new long[] {1, 2, 3, 4}, 2, 2).toString();
        assertTrue(ints.contains("[[1, 2],") && ints.contains("[3, 4]]"), ints);
        String big = Tensor.zeros(100, 100).toString();
        assertTrue(big.contains("...") && big.length() < 1000, big);
        assertTrue(Tensor.of(new boolean[] {true}).toString().contains("true"));
        assertTrue(Tensor.ones(2).requiresGrad(true).mul(2.0).toString().contains("gradFn=mul"));
    }
}
