package dev.ember.examples.regularization;

import dev.ember.nn.data.FashionMnist;
import dev.ember.nn.data.TensorDataset;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class RegularizationComparisonTest {
    private static double weightNorm(RegularizationComparison.Run r) {
        double sum = 0;
        for (var p : r.model().parameters()) if (p.rank() == 2) sum += p.square().sum().item();
        return Math.sqrt(sum);
    }

    @Test
    void everyRegulariserLearnsAndThePenaltiesShrinkTheWeights() {
        FashionMnist data = FashionMnist.loadSample();
        TensorDataset train = RegularizationComparison.first(data.train(), 300);
        TensorDataset validation = RegularizationComparison.first(data.test(), 300);
        Map<Regularizers, RegularizationComparison.Run> runs = new EnumMap<>(Regularizers.class);
        for (Regularizers kind : Regularizers.values()) {
            RegularizationComparison.Run r = RegularizationComparison.run(kind, train, validation, 6, 50, 1);
            runs.put(kind, r);
            System.out.printf("%-15s train %.3f validation %.3f, weight norm %.2f%n", kind.label, r.trainAccuracy(),
                    r.validationAccuracy(), weightNorm(r));
            // 10 classes: chance is 0.1; a wrong gradient does not reach 0.5 in 36 steps
            assertTrue(r.validationAccuracy() > 0.5, kind.label + ": " + r.validationAccuracy());
        }
        double none = weightNorm(runs.get(Regularizers.NONE));
        assertTrue(weightNorm(runs.get(Regularizers.L2)) < none);
        assertTrue(weightNorm(runs.get(Regularizers.L1)) < none);
        assertTrue(runs.get(Regularizers.NONE).trainAccuracy() > runs.get(Regularizers.NONE).validationAccuracy());
    }
}
