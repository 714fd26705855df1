package dev.ember.examples.search;

import dev.ember.Autograd;
import dev.ember.DType;
import dev.ember.Generator;
import dev.ember.MemoryScope;
import dev.ember.Tensor;
import dev.ember.nn.Sequential;
import dev.ember.nn.init.Init;
import dev.ember.nn.layers.Linear;
import dev.ember.nn.layers.Tanh;
import dev.ember.nn.loss.BCEWithLogitsLoss;
import dev.ember.nn.optim.Sgd;
import dev.ember.nn.train.HyperparameterSearch;
import dev.ember.nn.train.HyperparameterSearch.Domain;
import dev.ember.nn.train.HyperparameterSearch.Goal;
import dev.ember.nn.train.HyperparameterSearch.Result;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Seed 000 §2.8: grid search, random search and Bayesian optimisation tune the same small network (a 2-h-1 tanh
 * network on a disc inside a ring that overlaps it, so no setting reaches zero loss) with the same budget of trials, and
 * one table compares their best validation losses. Grid search takes a 3x3 grid of the learning rate and the width;
 * random and Bayesian search draw the rate log-uniformly, the width as an integer and the momentum uniformly.
 *
 * <pre>
 * ./mvnw -q -pl examples -am -Prun-example package -DskipTests -Dexample=dev.ember.examples.search.SearchStrategies
 * </pre>
 */
public final class SearchStrategies {
    private SearchStrategies() {}

    public static void main(String[] args) { run(System.out, 9, 60); }

    /** Each strategy's result with {@code trials} trials (grid: the 3x3 grid, whatever {@code trials}), training {@code steps} steps each. */
    public static Map<String, Result> run(PrintStream out, int trials, int steps) {
        Data data = Data.rings(new Generator(7), 240);
        HyperparameterSearch.Goal goal = Goal.MINIMIZE;
        Map<String, Result> results = new LinkedHashMap<>();
        results.put("grid", HyperparameterSearch.grid(
                Map.of("lr", List.of(0.03, 0.3, 3.0), "hidden", List.of(2, 8, 32), "momentum", List.of(0.9)),
                goal, h -> data.validationLoss(h, steps)));
        Map<String, Domain> space = Map.of("lr", Domain.logUniform(0.01, 3.0), "hidden", Domain.integers(2, 32),
                "momentum", Domain.uniform(0.0, 0.95));
        results.put("random", HyperparameterSearch.random(space, trials, 1, goal, h -> data.validationLoss(h, steps)));
        results.put("bayesian", HyperparameterSearch.bayesian(space, trials, 1, goal, h -> data.validationLoss(h, steps)));

        out.printf("%-9s %6s %12s  %s%n", "strategy", "trials", "best val", "best hyperparameters");
        results.forEach((name, r) -> out.printf("%-9s %6d %12.4f  %s%n", name, r.trials().size(), r.best().score(), shown(r.best().hyperparameters())));
        return results;
    }

    private static String shown(Map<String, Object> h) {
        StringBuilder s = new StringBuilder();
        h.forEach((k, v) -> s.append(s.isEmpty() ? "" : ", ").append(k).append('=')
                .append(v instanceof Double d ? String.format("%.4g", d) : v));
        return s.toString();
    }

    /** Points in a ring (label 1) around a disc (label 0) overlapping it, split into training and validation halves. */
    record Data(Tensor trainX, Tensor trainY, Tensor validX, Tensor validY) {
        static Data rings(Generator gen, int n) {
            Tensor angle = gen.rand(DType.FLOAT32, n).mul(2 * Math.PI);
            Tensor label = gen.rand(DType.FLOAT32, n).ge(0.5).to(DType.FLOAT32);
            Tensor radius = label.add(gen.rand(DType.FLOAT32, n).mul(1.5));   // disc: [0, 1.5), ring: [1, 2.5): they overlap
            Tensor x = Tensor.stack(1, List.of(radius.mul(angle.cos()), radius.mul(angle.sin())));
            int half = n / 2;
            return new Data(x.narrow(0, 0, half), label.narrow(0, 0, half), x.narrow(0, half, n - half), label.narrow(0, half, n - half));
        }

        /** Trains a fresh 2-h-1 network full-batch for {@code steps} steps, returns its validation cross-entropy. */
        double validationLoss(Map<String, Object> h, int steps) {
            int hidden = (Integer) h.get("hidden");
            Generator init = new Generator(hidden);
            Sequential model = new Sequential(new Linear(2, hidden, Init.pytorchDefault(), Init.pytorchBias(2), init), new Tanh(),
                    new Linear(hidden, 1, Init.pytorchDefault(), Init.pytorchBias(hidden), init));
            Sgd opt = new Sgd(model.parameters(), (Double) h.get("lr"), (Double) h.get("momentum"));
            BCEWithLogitsLoss loss = new BCEWithLogitsLoss();
            for (int step = 0; step < steps; step++) {
                try (MemoryScope scope = MemoryScope.open()) {
                    opt.zeroGrad();
                    loss.apply(model.forward(trainX).reshape(-1), trainY).backward();
                    opt.step();
                    opt.zeroGrad();
                }
            }
            try (var noGrad = Autograd.noGrad()) {
                double v = loss.apply(model.forward(validX).reshape(-1), validY).item();
                return Double.isFinite(v) ? v : Double.NaN;   // a diverged run scores NaN: it never wins
            }
        }
    }
}
