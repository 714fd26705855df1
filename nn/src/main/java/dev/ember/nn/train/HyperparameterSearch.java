package dev.ember.nn.train;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Grid search, random search and Bayesian optimisation over hyperparameters (seed 000 §2.8). The objective trains and scores one
 * setting (a validation accuracy, a loss); every trial is kept, and {@link Result#best()} picks by the goal.
 *
 * <pre>{@code
 * Result r = HyperparameterSearch.grid(
 *         Map.of("lr", List.of(1e-2, 1e-3), "hidden", List.of(64, 128)),
 *         Goal.MAXIMIZE,
 *         h -> trainAndValidate((double) h.get("lr"), (int) h.get("hidden")));
 * Result q = HyperparameterSearch.random(
 *         Map.of("lr", Domain.logUniform(1e-4, 1e-1), "dropout", Domain.uniform(0, 0.5)),
 *         20, 42, Goal.MAXIMIZE, h -> trainAndValidate(h));
 * Result b = HyperparameterSearch.bayesian(space, 20, 42, Goal.MAXIMIZE, h -> trainAndValidate(h));   // same space
 * System.out.println(r.best());
 * }</pre>
 */
public final class HyperparameterSearch {
    private HyperparameterSearch() {}

    public enum Goal { MINIMIZE, MAXIMIZE }

    /** One setting and its score. */
    public record Trial(Map<String, Object> hyperparameters, double score) {}

    /** Every trial in the order run. */
    public record Result(List<Trial> trials, Goal goal) {
        public Result {
            trials = List.copyOf(trials);
        }

        /** The best trial by the goal; NaN scores never win. */
        public Trial best() {
            Comparator<Trial> byScore = Comparator.comparingDouble(Trial::score);
            return trials.stream().filter(t -> !Double.isNaN(t.score()))
                    .max(goal == Goal.MAXIMIZE ? byScore : byScore.reversed())
                    .orElseThrow(() -> new IllegalStateException("no trial has a score"));
        }
    }

    /**
     * Where random and Bayesian search draw one hyperparameter from. The four built-in domains are records, so
     * Bayesian search knows their geometry; a domain of one's own (a lambda) serves random search only.
     */
    @FunctionalInterface
    public interface Domain {
        Object sample(SplittableRandom random);

        /** One of the values, each equally likely. */
        static Domain choice(Object... values) {
            if (values.length == 0) throw new IllegalArgumentException("Domain.choice needs at least one value");
            return new Choice(List.of(values));
        }

        /** Uniform on {@code [low, high)}. */
        static Domain uniform(double low, double high) {
            checkRange("uniform", low, high);
            return new Uniform(low, high);
        }

        /** Log-uniform on {@code [low, high)}, for learning rates and other scales; both must be positive. */
        static Domain logUniform(double low, double high) {
            checkRange("logUniform", low, high);
            if (!(low > 0)) throw new IllegalArgumentException("Domain.logUniform needs low > 0, got " + low);
            return new LogUniform(low, high);
        }

        /** An integer in {@code [low, high]}. */
        static Domain integers(int low, int high) {
            checkRange("integers", low, high);
            return new Integers(low, high);
        }

        private static void checkRange(String name, double low, double high) {
            if (!(low <= high)) throw new IllegalArgumentException("Domain." + name + " needs low <= high, got [" + low + ", " + high + "]");
        }

        /** {@link #choice}'s domain. */
        record Choice(List<Object> values) implements Domain {
            @Override
            public Object sample(SplittableRandom r) { return values.get(r.nextInt(values.size())); }
        }

        /** {@link #uniform}'s domain. */
        record Uniform(double low, double high) implements Domain {
            @Override
            public Object sample(SplittableRandom r) { return low + (high - low) * r.nextDouble(); }
        }

        /** {@link #logUniform}'s domain. */
        record LogUniform(double low, double high) implements Domain {
            @Override
            public Object sample(SplittableRandom r) { return Math.exp(Math.log(low) + (Math.log(high) - Math.log(low)) * r.nextDouble()); }
        }

        /** {@link #integers}'s domain. */
        record Integers(int low, int high) implements Domain {
            @Override
            public Object sample(SplittableRandom r) { return low + r.nextInt(high - low + 1); }
        }
    }

    /**
     * Every combination of the listed values. Names are taken in alphabetical order (so {@code Map.of}'s
     * unspecified order cannot change a run), the last varying fastest.
     */
    public static Result grid(Map<String, ? extends List<?>> space, Goal goal, ToDoubleFunction<Map<String, Object>> objective) {
        List<String> names = new ArrayList<>(space.keySet());
        names.sort(null);
        for (String name : names) {
            if (space.get(name).isEmpty()) throw new IllegalArgumentException("grid search: '" + name + "' has no values");
        }
        List<Trial> trials = new ArrayList<>();
        int[] at = new int[names.size()];
        while (true) {
            Map<String, Object> setting = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) setting.put(names.get(i), space.get(names.get(i)).get(at[i]));
            trials.add(new Trial(setting, objective.applyAsDouble(setting)));
            int i = names.size() - 1;
            while (i >= 0 && ++at[i] == space.get(names.get(i)).size()) at[i--] = 0;
            if (i < 0) return new Result(trials, goal);
        }
    }

    /** {@code trials} settings drawn independently from the domains; the same seed draws the same settings. */
    public static Result random(Map<String, Domain> space, int trials, long seed, Goal goal,
                                ToDoubleFunction<Map<String, Object>> objective) {
        if (trials <= 0) throw new IllegalArgumentException("random search needs at least one trial, got " + trials);
        SplittableRandom random = new SplittableRandom(seed);
        List<String> names = new ArrayList<>(space.keySet());
        names.sort(null);   // drawn in a fixed order, whatever the map's
        List<Trial> out = new ArrayList<>();
        for (int t = 0; t < trials; t++) {
            Map<String, Object> setting = new LinkedHashMap<>();
            for (String name : names) setting.put(name, space.get(name).sample(random));
            out.add(new Trial(setting, objective.applyAsDouble(setting)));
        }
        return new Result(out, goal);
    }

    /**
     * Bayesian optimisation (seed 000 §2.8: each guess learns from the previous ones): the first trials are drawn
     * as {@link #random} draws them (the same seed gives the same first settings), then each next setting is the
     * one of many random and nearby candidates with the largest expected improvement under a Gaussian-process
     * model of the scores so far. The space is mapped to the unit cube (log-uniform domains in log space, integers
     * by value, choices one-hot); the model has a Matern 5/2 kernel on normalised scores, its length scale and
     * noise fitted by marginal likelihood over a small grid. The same seed gives the same trials. Domains must be
     * the built-in ones ({@link Domain#choice}, {@link Domain#uniform}, {@link Domain#logUniform},
     * {@link Domain#integers}). NaN or infinite scores count as the worst finite score seen.
     *
     * <pre>{@code
     * Result r = HyperparameterSearch.bayesian(
     *         Map.of("lr", Domain.logUniform(1e-4, 1e-1), "hidden", Domain.integers(16, 256)),
     *         30, 42, Goal.MAXIMIZE, h -> trainAndValidate(h));
     * }</pre>
     */
    public static Result bayesian(Map<String, Domain> space, int trials, long seed, Goal goal,
                                  ToDoubleFunction<Map<String, Object>> objective) {
        if (trials <= 0) throw new IllegalArgumentException("Bayesian search needs at least one trial, got " + trials);
        return new BayesianSearch(space, seed).run(trials, goal, objective);
    }
}
