package dev.ember.nn.data;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

class SplitTest {
    private static void assertPartition(int n, int[]... parts) {
        int[] all = Arrays.stream(parts).flatMapToInt(Arrays::stream).sorted().toArray();
        assertArrayEquals(IntStream.range(0, n).toArray(), all, "disjoint, and together every index once");
    }

    @Test
    void trainValidationTestIsASeededPartitionWithTheAskedSizes() {
        DataSplit.Split s = DataSplit.trainValidationTest(103, 0.7, 0.15, 42);
        assertEquals(72, s.train().length);        // round(72.1)
        assertEquals(15, s.validation().length);   // round(15.45)
        assertEquals(16, s.test().length);
        assertPartition(103, s.train(), s.validation(), s.test());
        DataSplit.Split again = DataSplit.trainValidationTest(103, 0.7, 0.15, 42);
        assertArrayEquals(s.test(), again.test());
        assertFalse(Arrays.equals(s.test(), DataSplit.trainValidationTest(103, 0.7, 0.15, 43).test()));
        assertFalse(Arrays.equals(s.train(), Arrays.copyOf(IntStream.range(0, 103).toArray(), 72)), "shuffled, not the first 72");
        assertEquals(0, DataSplit.trainTest(10, 0.8, 1).validation().length);
        assertThrows(IllegalArgumentException.class, () -> DataSplit.trainValidationTest(10, 0.8, 0.3, 1));
        assertThrows(IllegalArgumentException.class, () -> DataSplit.trainValidationTest(10, -0.1, 0.3, 1));
    }

    @Test
    void kFoldValidationSetsPartitionTheDataAndEachTrainsOnTheRest() {
        List<KFold.Fold> folds = KFold.split(23, 5, 7);
        assertEquals(5, folds.size());
        assertPartition(23, folds.stream().map(KFold.Fold::validation).toArray(int[][]::new));
        int[] sizes = folds.stream().mapToInt(f -> f.validation().length).toArray();
        assertArrayEquals(new int[] {5, 5, 5, 4, 4}, sizes);
        for (KFold.Fold f : folds) assertPartition(23, f.train(), f.validation());
        assertArrayEquals(folds.get(2).validation(), KFold.split(23, 5, 7).get(2).validation());
        assertThrows(IllegalArgumentException.class, () -> KFold.split(3, 4, 0));
        assertThrows(IllegalArgumentException.class, () -> KFold.split(10, 1, 0));
    }

    @Test
    void subsetsMapPositionsToSourceIndices() {
        var data = new TensorDataset(dev.ember.Tensor.arange(10).reshape(10, 1), dev.ember.Tensor.arange(10));
        Subset s = new Subset(data, new int[] {9, 4, 6});
        assertEquals(3, s.size());
        assertArrayEquals(new long[] {6, 9}, s.batch(new int[] {2, 0}).targets().toLongArray());
        assertThrows(IllegalArgumentException.class, () -> new Subset(data, new int[] {10}));
    }
}
