package dev.ember.nn.train;

import dev.ember.Generator;
import dev.ember.Tensor;
import dev.ember.nn.Module;
import dev.ember.nn.Sequential;
import dev.ember.nn.layers.Linear;
import dev.ember.nn.layers.ReLU;
import dev.ember.nn.layers.Sigmoid;
import dev.ember.nn.init.Init;
import dev.ember.nn.loss.MSELoss;
import dev.ember.nn.optim.Sgd;
import dev.ember.nn.train.HyperparameterSearch.Domain;
import dev.ember.nn.train.HyperparameterSearch.Goal;
import dev.ember.nn.train.HyperparameterSearch.Result;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.*;

class GradientNormsAndSearchTest {
    /** Eight 32-wide layers with Xavier weights; the activation between them decides what reaches layer 0. */
    private static Sequential deep(Supplier<Module> activation, long seed) {
        Generator g = new Generator(seed);
        Sequential s = new Sequential();
        for (int i = 0; i < 8; i++) {
            s.add(new Linear(32, 32, Init.xavierNormal(), Init.zeros(), g));
            s.add(activation.get());
        }
        return s.add(new Linear(32, 1, Init.xavierNormal(), Init.zeros(), g));
    }

    private static double firstOverLast(Sequential model) {
        Tensor x = new Generator(9).randn(64, 32);
        model.forward(x).pow(2).mean().backward();
        Map<String, Double> norms = GradientNorms.of(model);
        assertEquals(9 * 2, norms.size(), norms.toString());
        return norms.get("0.weight") / norms.get("16.weight");
    }

    @Test
    void sigmoidStacksStarveTheirFirstLayerWhereReluDoesNot() {
        double sigmoid = firstOverLast(deep(Sigmoid::new, 1));
        double relu = firstOverLast(deep(ReLU::new, 1));
        // sigmoid' <= 1/4 per layer: eight layers shrink the first layer's gradient by orders of magnitude
        assertTrue(sigmoid < 1e-3, "sigmoid first/last gradient ratio " + sigmoid);
        assertTrue(relu > 100 * sigmoid, "relu " + relu + " vs sigmoid " + sigmoid);
    }

    @Test
    void parametersWithoutAGradientAreLeftOut() {
        Linear unused = new Linear(2, 2);
        assertTrue(GradientNorms.of(unused).isEmpty());
    }

    @Test
    void gridSearchTriesEveryCombinationInAFixedOrderAndPicksTheBest() {
        List<Map<String, Object>> seen = new ArrayList<>();
        Result r = HyperparameterSearch.grid(Map.of("b", List.of(1, 2), "a", List.of(10, 20, 30)), Goal.MINIMIZE, h -> {
            seen.add(h);
            return Math.abs((int) h.get("a") - 20) + (int) h.get("b");
        });
        assertEquals(6, r.trials().size());
        assertEquals(Map.of("a", 10, "b", 1), seen.get(0));
        assertEquals(Map.of("a", 10, "b", 2), seen.get(1));
        assertEquals(Map.of("a", 20, "b", 1), r.best().hyperparameters());
        assertEquals(1.0, r.best().score());
        assertThrows(IllegalArgumentException.class, () -> HyperparameterSearch.grid(Map.of("a", List.of()), Goal.MINIMIZE, h -> 0));
    }

    @Test
    void randomSearchDrawsInsideTheDomainsReproducibly() {
        Map<String, Domain> space = Map.of("lr", Domain.logUniform(1e-4, 1e-1), "p", Domain.uniform(0, 0.5),
                "width", Domain.integers(8, 16), "act", Domain.choice("relu", "tanh"));
        Result a = HyperparameterSearch.random(space, 50, 7, Goal.MAXIMIZE, h -> (double) h.get("p"));
        Result b = HyperparameterSearch.random(space, 50, 7, Goal.MAXIMIZE, h -> (double) h.get("p"));
        assertEquals(a.trials(), b.trials());
        for (var t : a.trials()) {
            double lr = (double) t.hyperparameters().get("lr");
            int width = (int) t.hyperparameters().get("width");
            assertTrue(lr >= 1e-4 && lr < 1e-1 && width >= 8 && width <= 16, t.toString());
        }
        assertTrue((double) a.best().hyperparameters().get("p") > 0.45, a.best().toString());
        assertThrows(IllegalArgumentException.class, () -> Domain.logUniform(0, 1));
    }

    @Test
    void gridSearchFindsTheLearningRateThatFitsARegressionInFewSteps() {
        Tensor x = new Generator(3).randn(128, 4);
        Tensor y = x.matmul(Tensor.of(new float[] {1, -2, 3, 0.5f}, 4, 1));
        Result r = HyperparameterSearch.grid(Map.of("lr", List.of(1e-4, 1e-2, 1e-1)), Goal.MINIMIZE, h -> {
            Linear model = new Linear(4, 1, Init.zeros(), Init.zeros());
            Sgd sgd = new Sgd(model.parameters(), (double) h.get("lr"));
            MSELoss mse = new MSELoss();
            double loss = 0;
            for (int step = 0; step < 30; step++) {
                sgd.zeroGrad();
                Tensor l = mse.apply(model.forward(x), y);
                loss = l.item();
                l.backward();
                sgd.step();
            }
            return loss;
        });
        assertEquals(1e-1, r.best().hyperparameters().get("lr"));
    }
}
