package dev.ember.nn.data;

import dev.ember.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class DataLoaderTest {
    /** 10 examples whose input is {@code [i, 10 i]} and target {@code i}. */
    private static TensorDataset tens() {
        float[] x = new float[20];
        long[] y = new long[10];
        for (int i = 0; i < 10; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = 10 * i;
            y[i] = i;
        }
        return new TensorDataset(Tensor.of(x, 10, 2), Tensor.of(y, 10));
    }

    private static List<long[]> epoch(Iterable<Batch> loader) {
        List<long[]> out = new ArrayList<>();
        for (Batch b : loader) out.add(b.targets().toLongArray());
        return out;
    }

    @Test
    void batchesSelectRowsOfBothTensors() {
        Batch b = tens().batch(new int[] {7, 2});
        assertArrayEquals(new float[] {7, 70, 2, 20}, b.inputs().toFloatArray());
        assertArrayEquals(new long[] {7, 2}, b.targets().toLongArray());
        assertEquals(2, b.size());
        assertThrows(IllegalArgumentException.class, () -> new TensorDataset(Tensor.zeros(3, 2), Tensor.zeros(4)));
    }

    @Test
    void batchCountsWithAndWithoutDropLast() {
        DataLoader keep = new DataLoader(tens(), 4);
        assertEquals(3, keep.batchesPerEpoch());
        List<long[]> batches = epoch(keep);
        assertEquals(3, batches.size());
        assertArrayEquals(new long[] {0, 1, 2, 3}, batches.get(0));
        assertArrayEquals(new long[] {8, 9}, batches.get(2));

        DataLoader drop = DataLoader.builder(tens()).batchSize(4).dropLast(true).build();
        assertEquals(2, drop.batchesPerEpoch());
        assertEquals(2, epoch(drop).size());

        assertEquals(1, new DataLoader(tens(), 10).batchesPerEpoch());   // batch gradient descent
        assertEquals(10, new DataLoader(tens(), 1).batchesPerEpoch());   // stochastic
        assertEquals(0, DataLoader.builder(tens()).batchSize(11).dropLast(true).build().batchesPerEpoch());
        assertThrows(IllegalArgumentException.class, () -> DataLoader.builder(tens()).batchSize(0));
    }

    @Test
    void shuffledEpochsVisitEveryIndexOnceInANewReproducibleOrder() {
        DataLoader a = DataLoader.builder(tens()).batchSize(3).shuffle(42).build();
        DataLoader b = DataLoader.builder(tens()).batchSize(3).shuffle(42).build();
        List<String> orders = new ArrayList<>();
        for (int e = 0; e < 4; e++) {
            long[] seen = epoch(a).stream().flatMapToLong(Arrays::stream).toArray();
            long[] again = epoch(b).stream().flatMapToLong(Arrays::stream).toArray();
            assertArrayEquals(seen, again, "same seed, same order in epoch " + e);
            long[] sorted = seen.clone();
            Arrays.sort(sorted);
            assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, sorted, "epoch " + e + " visits each example once");
            orders.add(Arrays.toString(seen));
        }
        assertEquals(4, orders.stream().distinct().count(), "each epoch has its own order: " + orders);
        assertEquals(4, a.epoch());
        DataLoader other = DataLoader.builder(tens()).batchSize(3).shuffle(7).build();
        assertNotEquals(Arrays.toString(other.order(0)), Arrays.toString(a.order(0)));
    }

    @Test
    void aResumedLoaderContinuesTheSameOrders() {
        DataLoader run = DataLoader.builder(tens()).batchSize(4).shuffle(3).build();
        epoch(run);
        epoch(run);
        Map<String, Tensor> saved = run.stateDict();
        List<long[]> third = epoch(run);

        DataLoader resumed = DataLoader.builder(tens()).batchSize(4).shuffle(999).build();
        resumed.loadStateDict(saved);
        assertEquals(2, resumed.epoch());
        assertEquals(3, resumed.seed());
        List<long[]> again = epoch(resumed);
        for (int i = 0; i < third.size(); i++) assertArrayEquals(third.get(i), again.get(i));

        Iterator<Batch> midEpoch = run.epoch(2, 2);                      // resume at the third batch of epoch 2
        assertArrayEquals(third.get(2), midEpoch.next().targets().toLongArray());
        assertFalse(midEpoch.hasNext());
        assertThrows(IllegalArgumentException.class, () -> resumed.loadStateDict(Map.of("seed", Tensor.zeros(1))));
    }

    @Test
    void theTransformIsAppliedToEachBatch() {
        DataLoader loader = DataLoader.builder(tens()).batchSize(5)
                .transform(b -> new Batch(b.inputs().mul(-1.0), b.targets())).build();
        for (Batch b : loader) assertTrue(b.inputs().toFloatArray()[2] < 0);
    }
}
