package dev.ember.nn.train;

import dev.ember.Generator;
import dev.ember.MemoryScope;
import dev.ember.Tensor;
import dev.ember.nn.Sequential;
import dev.ember.nn.data.Batch;
import dev.ember.nn.init.Init;
import dev.ember.nn.layers.Linear;
import dev.ember.nn.layers.ReLU;
import dev.ember.nn.loss.CrossEntropyLoss;
import dev.ember.nn.optim.Adam;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The CPU backend reuses the arrays of closed tensors, and {@link Trainer} closes each batch's tensors: a model large
 * enough for its activations and gradients to be pooled (64 KiB and more) trains to the same bits as the same steps
 * run with nothing closed, and the parameters and the optimizer's state, which outlive the batches, stay open.
 */
class TrainerMemoryReuseTest {
    @Test
    void trainingWithReusedMemoryGivesTheSameBitsAsWithout() {
        List<Batch> batches = batches();
        Sequential pooled = model(), fresh = model();
        Adam pooledAdam = new Adam(pooled.parameters(), 1e-3);
        new Trainer(pooled, new CrossEntropyLoss(), pooledAdam).fit(batches, null, 2);

        Adam freshAdam = new Adam(fresh.parameters(), 1e-3);
        CrossEntropyLoss loss = new CrossEntropyLoss();
        for (int epoch = 0; epoch < 2; epoch++) {
            for (Batch b : batches) {   // no scope: only the gradients and the optimizer's temporaries are closed
                freshAdam.zeroGrad();
                loss.apply(fresh.forward(b.inputs()), b.targets()).backward();
                freshAdam.step();
                freshAdam.zeroGrad();
            }
        }

        Map<String, Tensor> expected = fresh.stateDict(), actual = pooled.stateDict();
        for (var e : expected.entrySet()) {
            assertFalse(actual.get(e.getKey()).isClosed(), e.getKey());
            assertArrayEquals(e.getValue().toFloatArray(), actual.get(e.getKey()).toFloatArray(), e.getKey());
        }
        Map<String, Tensor> expectedState = freshAdam.stateDict(), actualState = pooledAdam.stateDict();
        assertEquals(expectedState.keySet(), actualState.keySet());
        for (var e : expectedState.entrySet()) {
            assertFalse(actualState.get(e.getKey()).isClosed(), e.getKey());
            assertArrayEquals(e.getValue().toDoubleArray(), actualState.get(e.getKey()).toDoubleArray(), e.getKey());
        }
    }

    @Test
    void batchesLeaveNoMemoryBehindOnceWarm() {
        Sequential m = model();
        Trainer trainer = new Trainer(m, new CrossEntropyLoss(), new Adam(m.parameters(), 1e-3));
        List<Batch> batches = batches();
        trainer.fit(batches, null, 1);   // makes Adam's moments
        long before = MemoryScope.liveBytes();
        trainer.fit(batches, null, 2);
        assertEquals(before, MemoryScope.liveBytes());
    }

    /** 256 -> 128 -> 10 with fixed weights: the first weight and its gradient are 128 KiB, the hidden activations 32 KiB. */
    private static Sequential model() {
        return new Sequential(
                new Linear(256, 128, Init.pytorchDefault(), Init.pytorchBias(256), new Generator(3)), new ReLU(),
                new Linear(128, 10, Init.pytorchDefault(), Init.pytorchBias(128), new Generator(4)));
    }

    private static List<Batch> batches() {
        Generator g = new Generator(11);
        List<Batch> batches = new ArrayList<>();
        for (int i = 0; i < 3; i++) batches.add(new Batch(MemoryScope.unscoped(g.randn(64, 256)),
                MemoryScope.unscoped(g.randint(0, 10, 64))));
        return batches;
    }
}
