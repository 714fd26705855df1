package dev.ember.nn.train;

import dev.ember.nn.train.HyperparameterSearch.Domain;
import dev.ember.nn.train.HyperparameterSearch.Goal;
import dev.ember.nn.train.HyperparameterSearch.Result;
import dev.ember.nn.train.HyperparameterSearch.Trial;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * {@link HyperparameterSearch#bayesian}: random trials first, then each next setting maximises the expected
 * improvement of a {@link GaussianProcess} over random candidates and candidates near the best setting so far.
 */
final class BayesianSearch {
    /** Random candidates, and nearby ones around the best setting, scored per step. */
    private static final int RANDOM_CANDIDATES = 1000;
    private static final int NEARBY_CANDIDATES = 500;
    /** The spread of a nearby candidate, per coordinate of the unit cube. */
    private static final double NEARBY_SPREAD = 0.05;

    private final List<String> names;
    private final List<Domain> domains = new ArrayList<>();
    private final SplittableRandom random;

    BayesianSearch(Map<String, Domain> space, long seed) {
        names = new ArrayList<>(space.keySet());
        names.sort(null);   // drawn in a fixed order, as random search does
        if (names.isEmpty()) throw new IllegalArgumentException("Bayesian search needs at least one hyperparameter");
        for (String name : names) {
            Domain d = space.get(name);
            if (!(d instanceof Domain.Choice || d instanceof Domain.Uniform || d instanceof Domain.LogUniform || d instanceof Domain.Integers)) {
                throw new IllegalArgumentException("Bayesian search: '" + name + "' is a Domain of your own; it needs Domain.choice, "
                        + "uniform, logUniform or integers, whose geometry it knows");
            }
            domains.add(d);
        }
        random = new SplittableRandom(seed);
    }

    /** As many random trials first as the model needs to start: twice the coordinates, at least 5. */
    private int initialTrials() {
        int dims = 0;
        for (Domain d : domains) dims += d instanceof Domain.Choice c ? c.values().size() : 1;
        return Math.max(5, 2 * dims);
    }

    Result run(int trials, Goal goal, ToDoubleFunction<Map<String, Object>> objective) {
        List<Trial> out = new ArrayList<>();
        List<double[]> points = new ArrayList<>();
        List<Double> losses = new ArrayList<>();   // scores turned into values to minimise
        int initial = Math.min(trials, initialTrials());
        for (int t = 0; t < trials; t++) {
            List<Object> values = t < initial ? sample() : next(points, losses);
            Map<String, Object> setting = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) setting.put(names.get(i), values.get(i));
            double score = objective.applyAsDouble(setting);
            out.add(new Trial(setting, score));
            points.add(encode(values));
            losses.add(goal == Goal.MAXIMIZE ? -score : score);
        }
        return new Result(out, goal);
    }

    private List<Object> sample() {
        List<Object> values = new ArrayList<>();
        for (Domain d : domains) values.add(d.sample(random));
        return values;
    }

    /** The candidate with the largest expected improvement under a model of every trial so far. */
    private List<Object> next(List<double[]> points, List<Double> losses) {
        double[] y = finite(losses);
        double best = Double.POSITIVE_INFINITY;
        int bestAt = 0;
        for (int i = 0; i < y.length; i++) if (y[i] < best) { best = y[i]; bestAt = i; }
        GaussianProcess model = new GaussianProcess(points.toArray(new double[0][]), y);
        List<Object> incumbent = decode(points.get(bestAt));
        List<Object> chosen = null;
        double chosenEi = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < RANDOM_CANDIDATES + NEARBY_CANDIDATES; c++) {
            List<Object> candidate = c < RANDOM_CANDIDATES ? sample() : nearby(incumbent);
            double ei = model.expectedImprovement(encode(candidate), best);
            if (ei > chosenEi) {
                chosenEi = ei;
                chosen = candidate;
            }
        }
        return chosen;
    }

    /** NaN and infinite values as the worst finite one (0 when none is finite). */
    private static double[] finite(List<Double> losses) {
        double worst = Double.NEGATIVE_INFINITY;
        for (double v : losses) if (Double.isFinite(v)) worst = Math.max(worst, v);
        if (worst == Double.NEGATIVE_INFINITY) worst = 0;
        double[] y = new double[losses.size()];
        for (int i = 0; i < y.length; i++) y[i] = Double.isFinite(losses.get(i)) ? losses.get(i) : worst;
        return y;
    }

    /** The setting's coordinates in the unit cube: one per numeric domain, one-hot for a choice of several. */
    double[] encode(List<Object> values) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < domains.size(); i++) {
            Object v = values.get(i);
            switch (domains.get(i)) {
                case Domain.Uniform u -> out.add(unit((Double) v, u.low(), u.high()));
                case Domain.LogUniform u -> out.add(unit(Math.log((Double) v), Math.log(u.low()), Math.log(u.high())));
                case Domain.Integers u -> out.add(unit((Integer) v, u.low(), u.high()));
                case Domain.Choice c -> {
                    if (c.values().size() > 1) for (Object option : c.values()) out.add(option.equals(v) ? 1.0 : 0.0);
                }
                default -> throw new IllegalStateException("internal: unchecked domain");
            }
        }
        double[] a = new double[out.size()];
        for (int i = 0; i < a.length; i++) a[i] = out.get(i);
        return a;
    }

    private List<Object> decode(double[] coordinates) {
        List<Object> values = new ArrayList<>();
        int at = 0;
        for (Domain d : domains) {
            switch (d) {
                case Domain.Uniform u -> values.add(u.low() + (u.high() - u.low()) * coordinates[at++]);
                case Domain.LogUniform u -> values.add(Math.exp(Math.log(u.low()) + (Math.log(u.high()) - Math.log(u.low())) * coordinates[at++]));
                case Domain.Integers u -> values.add((int) Math.round(u.low() + (double) (u.high() - u.low()) * coordinates[at++]));
                case Domain.Choice c -> {
                    int k = c.values().size(), pick = 0;
                    if (k > 1) {
                        for (int j = 0; j < k; j++) if (coordinates[at + j] > coordinates[at + pick]) pick = j;
                        at += k;
                    }
                    values.add(c.values().get(pick));
                }
                default -> throw new IllegalStateException("internal: unchecked domain");
            }
        }
        return values;
    }

    /** {@code incumbent} moved a little: numeric coordinates by a normal step (kept inside), a choice redrawn now and then. */
    private List<Object> nearby(List<Object> incumbent) {
        double[] c = encode(incumbent);
        int at = 0;
        for (Domain d : domains) {
            if (d instanceof Domain.Choice choice) {
                int k = choice.values().size();
                if (k > 1) {
                    if (random.nextDouble() < 0.2) {
                        int pick = random.nextInt(k);
                        for (int j = 0; j < k; j++) c[at + j] = j == pick ? 1 : 0;
                    }
                    at += k;
                }
            } else {
                c[at] = Math.clamp(c[at] + NEARBY_SPREAD * gaussian(), 0, Math.nextDown(1.0));
                at++;
            }
        }
        return decode(c);
    }

    private double gaussian() {
        // Box-Muller from the search's own generator, so a seed fixes every candidate
        double u = 1 - random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    private static double unit(double v, double low, double high) { return high > low ? (v - low) / (high - low) : 0.5; }
}
