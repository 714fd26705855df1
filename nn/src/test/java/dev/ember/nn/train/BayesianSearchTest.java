package dev.ember.nn.train;

import dev.ember.nn.train.HyperparameterSearch.Domain;
import dev.ember.nn.train.HyperparameterSearch.Goal;
import dev.ember.nn.train.HyperparameterSearch.Result;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

import static org.junit.jupiter.api.Assertions.*;

class BayesianSearchTest {
    /** Branin-Hoo on x1 in [-5, 10], x2 in [0, 15]; its minimum, 0.397887, is at three points. */
    static double branin(double x1, double x2) {
        double b = 5.1 / (4 * Math.PI * Math.PI), c = 5 / Math.PI, t = 1 / (8 * Math.PI);
        double u = x2 - b * x1 * x1 + c * x1 - 6;
        return u * u + 10 * (1 - t) * Math.cos(x1) + 10;
    }

    /** Hartmann-3 on [0, 1]^3; its minimum is -3.86278. */
    static double hartmann3(double[] x) {
        double[] alpha = {1.0, 1.2, 3.0, 3.2};
        double[][] a = {{3, 10, 30}, {0.1, 10, 35}, {3, 10, 30}, {0.1, 10, 35}};
        double[][] p = {{0.3689, 0.1170, 0.2673}, {0.4699, 0.4387, 0.7470}, {0.1091, 0.8732, 0.5547}, {0.0381, 0.5743, 0.8828}};
        double sum = 0;
        for (int i = 0; i < 4; i++) {
            double inner = 0;
            for (int j = 0; j < 3; j++) inner += a[i][j] * (x[j] - p[i][j]) * (x[j] - p[i][j]);
            sum += alpha[i] * Math.exp(-inner);
        }
        return -sum;
    }

    private static final Map<String, Domain> BRANIN = Map.of("x1", Domain.uniform(-5, 10), "x2", Domain.uniform(0, 15));
    private static final ToDoubleFunction<Map<String, Object>> BRANIN_OBJECTIVE = h -> branin((double) h.get("x1"), (double) h.get("x2"));

    private static double meanBest(boolean bayesian, Map<String, Domain> space, ToDoubleFunction<Map<String, Object>> f, int trials) {
        double sum = 0;
        for (long seed = 0; seed < 10; seed++) {
            Result r = bayesian ? HyperparameterSearch.bayesian(space, trials, seed, Goal.MINIMIZE, f)
                    : HyperparameterSearch.random(space, trials, seed, Goal.MINIMIZE, f);
            assertEquals(trials, r.trials().size());
            sum += r.best().score();
        }
        return sum / 10;
    }

    @Test
    void beatsRandomSearchOnBraninOverTenSeeds() {
        double bayes = meanBest(true, BRANIN, BRANIN_OBJECTIVE, 25);
        double random = meanBest(false, BRANIN, BRANIN_OBJECTIVE, 25);
        System.out.printf("Branin, 25 trials, mean best over 10 seeds: Bayesian %.4f, random %.4f (minimum 0.397887)%n", bayes, random);
        assertTrue(bayes < random, "Bayesian " + bayes + " vs random " + random);
        assertTrue(bayes < random / 2, "Bayesian " + bayes + " should at least halve random search's gap, " + random);
    }

    @Test
    void beatsRandomSearchOnHartmannThreeOverTenSeeds() {
        Map<String, Domain> space = Map.of("a", Domain.uniform(0, 1), "b", Domain.uniform(0, 1), "c", Domain.uniform(0, 1));
        ToDoubleFunction<Map<String, Object>> f = h -> hartmann3(new double[] {(double) h.get("a"), (double) h.get("b"), (double) h.get("c")});
        double bayes = meanBest(true, space, f, 30);
        double random = meanBest(false, space, f, 30);
        System.out.printf("Hartmann-3, 30 trials, mean best over 10 seeds: Bayesian %.4f, random %.4f (minimum -3.86278)%n", bayes, random);
        assertTrue(bayes < random, "Bayesian " + bayes + " vs random " + random);
    }

    @Test
    void sameSeedSameTrialsAndTheFirstAreRandomSearchs() {
        Result a = HyperparameterSearch.bayesian(BRANIN, 12, 3, Goal.MINIMIZE, BRANIN_OBJECTIVE);
        Result b = HyperparameterSearch.bayesian(BRANIN, 12, 3, Goal.MINIMIZE, BRANIN_OBJECTIVE);
        assertEquals(a.trials(), b.trials());
        Result r = HyperparameterSearch.random(BRANIN, 5, 3, Goal.MINIMIZE, BRANIN_OBJECTIVE);
        assertEquals(r.trials(), a.trials().subList(0, 5));
    }

    @Test
    void mixedSpacesStayInsideTheirDomainsAndMaximiseToo() {
        Map<String, Domain> space = Map.of("lr", Domain.logUniform(1e-4, 1e-1), "width", Domain.integers(8, 64),
                "act", Domain.choice("relu", "tanh", "sigmoid"), "p", Domain.uniform(0, 0.5));
        // best near lr = 1e-2, width 32, tanh, p = 0.1
        ToDoubleFunction<Map<String, Object>> score = h -> -Math.pow(Math.log10((double) h.get("lr")) + 2, 2)
                - Math.pow(((int) h.get("width") - 32) / 16.0, 2) - ("tanh".equals(h.get("act")) ? 0 : 1)
                - Math.pow(((double) h.get("p") - 0.1) * 4, 2);
        Result r = HyperparameterSearch.bayesian(space, 30, 1, Goal.MAXIMIZE, score);
        for (var t : r.trials()) {
            Map<String, Object> h = t.hyperparameters();
            double lr = (double) h.get("lr");
            int width = (int) h.get("width");
            double p = (double) h.get("p");
            assertTrue(lr >= 1e-4 && lr <= 1e-1 && width >= 8 && width <= 64 && p >= 0 && p <= 0.5, h.toString());
            assertTrue(List.of("relu", "tanh", "sigmoid").contains(h.get("act")));
        }
        assertEquals("tanh", r.best().hyperparameters().get("act"));
        assertTrue(r.best().score() > -0.3, r.best().toString());
    }

    @Test
    void nanScoresAndCustomDomainsAreHandled() {
        Result r = HyperparameterSearch.bayesian(BRANIN, 10, 0, Goal.MINIMIZE,
                h -> (double) h.get("x1") > 5 ? Double.NaN : BRANIN_OBJECTIVE.applyAsDouble(h));
        assertEquals(10, r.trials().size());
        assertFalse(Double.isNaN(r.best().score()));
        Domain own = (SplittableRandom rnd) -> rnd.nextBoolean();
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> HyperparameterSearch.bayesian(Map.of("flag", own), 5, 0, Goal.MINIMIZE, h -> 0)).getMessage().contains("'flag'"));
        assertThrows(IllegalArgumentException.class, () -> HyperparameterSearch.bayesian(BRANIN, 0, 0, Goal.MINIMIZE, BRANIN_OBJECTIVE));
    }

    @Test
    void gaussianProcessInterpolatesAndItsCdfIsAccurate() {
        double[][] x = {{0.1}, {0.4}, {0.9}};
        double[] y = {1, -1, 2};
        GaussianProcess gp = new GaussianProcess(x, y);
        // at a seen point with small noise the improvement below the best seen value is about 0
        assertEquals(0, gp.expectedImprovement(new double[] {0.4}, -1), 1e-2);
        assertTrue(gp.expectedImprovement(new double[] {0.5}, -1) > gp.expectedImprovement(new double[] {0.95}, -1));
        assertEquals(0.5, GaussianProcess.normalCdf(0), 1e-7);
        assertEquals(0.9750021048517795, GaussianProcess.normalCdf(1.96), 1e-7);   // scipy.stats.norm.cdf(1.96)
        assertEquals(0.022750131948179195, GaussianProcess.normalCdf(-2), 1e-8);
    }
}
