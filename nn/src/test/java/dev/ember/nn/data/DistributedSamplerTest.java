package dev.ember.nn.data;

import dev.ember.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DistributedSamplerTest {

    private static int[] shard(int n, int rank, int replicas, boolean dropLast) {
        return new DistributedSampler(n, rank, replicas, false, 0, dropLast).order(0);
    }

    /** PyTorch's DistributedSampler(range(10), num_replicas=3, shuffle=False) and with drop_last=True. */
    @Test
    void padsByRepeatingTheStartAndStridesByRank_asPyTorch() {
        assertArrayEquals(new int[] {0, 3, 6, 9}, shard(10, 0, 3, false));
        assertArrayEquals(new int[] {1, 4, 7, 0}, shard(10, 1, 3, false));
        assertArrayEquals(new int[] {2, 5, 8, 1}, shard(10, 2, 3, false));
        assertArrayEquals(new int[] {0, 3, 6}, shard(10, 0, 3, true));
        assertArrayEquals(new int[] {2, 5, 8}, shard(10, 2, 3, true));
        // more ranks than examples: the examples repeat as often as needed
        assertArrayEquals(new int[] {0}, shard(2, 2, 5, false));
        assertArrayEquals(new int[] {1}, shard(2, 3, 5, false));
    }

    @Test
    void shardsOfOneEpochCoverTheDataOnce_andEachEpochReshuffles() {
        int n = 1000;
        int[][] shards = new int[4][];
        for (int r = 0; r < 4; r++) shards[r] = new DistributedSampler(n, r, 4, 7).order(3);
        int[] all = Arrays.stream(shards).flatMapToInt(Arrays::stream).sorted().toArray();
        assertArrayEquals(IntStream.range(0, n).toArray(), all);
        assertFalse(Arrays.equals(shards[0], new DistributedSampler(n, 0, 4, 7).order(4)));
        assertArrayEquals(shards[1], new DistributedSampler(n, 1, 4, 7).order(3), "the same seed and epoch on every rank");
    }

    /** Batch k of all ranks together is batch k of one process with the global batch size, over the same order. */
    @Test
    void theRanksBatchesTogetherAreTheSingleProcessBatches() {
        Dataset data = new TensorDataset(Tensor.arange(96).reshape(96, 1), Tensor.arange(96));
        DataLoader single = DataLoader.builder(data).batchSize(16).sampler(new DistributedSampler(96, 0, 1, 5)).build();
        DataLoader rank0 = DataLoader.builder(data).batchSize(8).sampler(new DistributedSampler(96, 0, 2, 5)).build();
        DataLoader rank1 = DataLoader.builder(data).batchSize(8).sampler(new DistributedSampler(96, 1, 2, 5)).build();
        assertEquals(6, rank0.batchesPerEpoch());
        var s = single.epoch(2, 0);
        var a = rank0.epoch(2, 0);
        var b = rank1.epoch(2, 0);
        while (s.hasNext()) {
            double[] global = s.next().targets().toDoubleArray();
            double[] both = IntStream.range(0, 2).boxed().flatMapToDouble(i -> Arrays.stream((i == 0 ? a : b).next().targets().toDoubleArray())).toArray();
            Arrays.sort(global);
            Arrays.sort(both);
            assertArrayEquals(global, both, 0);
        }
    }

    @Test
    void badArguments() {
        assertThrows(IllegalArgumentException.class, () -> new DistributedSampler(10, 3, 3, 0));
        assertThrows(IllegalArgumentException.class, () -> DataLoader.builder(new TensorDataset(Tensor.zeros(4, 1), Tensor.zeros(4)))
                .shuffle(1).sampler(new DistributedSampler(4, 0, 1, 1)).build());
    }
}
