package dev.ember.examples.transfer;

import dev.ember.Tensor;
import dev.ember.nn.Sequential;
import dev.ember.nn.data.FashionMnist;
import dev.ember.nn.data.TensorDataset;
import dev.ember.nn.io.Safetensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class TransferLearningTest {
    @Test
    void theLoadedBodyStaysFrozenWhileTheNewHeadLearns(@TempDir Path dir) throws Exception {
        FashionMnist data = FashionMnist.loadSample();
        Tensor.manualSeed(1);
        Path file = dir.resolve("body.safetensors");
        TransferLearning.pretrain(TransferLearning.part(data.train(), 0, 2000, false), TransferLearning.part(data.test(), 0, 200, false), 1, 1, file);
        Map<String, Tensor> saved = Safetensors.load(file);

        Sequential model = TransferLearning.fineTuneModel(file, 1);
        Map<String, Tensor> body = model.get(0).stateDict();
        assertEquals(saved.keySet(), body.keySet());
        for (String k : saved.keySet()) assertArrayEquals(saved.get(k).toFloatArray(), body.get(k).toFloatArray(), k);
        for (Tensor p : model.get(0).parameters()) assertFalse(p.requiresGrad());

        TensorDataset few = TransferLearning.part(data.train(), 3900, 100, true);
        TensorDataset test = TransferLearning.part(data.test(), 0, 500, true);
        double accuracy = TransferLearning.fit(model, model.get(1).parameters(), TransferLearning.HEAD_LR, few, test, 10, 1).last("val_accuracy");
        System.out.printf("transfer, 20 head steps: test accuracy on the four groups %.3f%n", accuracy);
        for (String k : saved.keySet()) assertArrayEquals(saved.get(k).toFloatArray(), model.get(0).stateDict().get(k).toFloatArray(), k);
        // the largest group (tops) is 40% of the images; a head that is not learning stays near it
        assertTrue(accuracy > 0.6, "accuracy " + accuracy);
    }
}
