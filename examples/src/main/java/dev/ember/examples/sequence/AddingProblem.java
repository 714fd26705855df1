package dev.ember.examples.sequence;

import dev.ember.Autograd;
import dev.ember.Generator;
import dev.ember.Tensor;
import dev.ember.nn.Module;
import dev.ember.nn.layers.Linear;
import dev.ember.nn.layers.recurrent.GRU;
import dev.ember.nn.layers.recurrent.LSTM;
import dev.ember.nn.layers.recurrent.LSTMCell;
import dev.ember.nn.layers.recurrent.LSTMState;
import dev.ember.nn.layers.recurrent.RNN;
import dev.ember.nn.layers.recurrent.RNNCell;
import dev.ember.nn.layers.recurrent.RecurrentLayer;
import dev.ember.nn.loss.MSELoss;
import dev.ember.nn.optim.Adam;
import dev.ember.nn.optim.GradClip;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The adding problem (Hochreiter and Schmidhuber, 1997), a test of long memory: each step of a sequence holds a
 * random number in [0, 1) and a marker; exactly two steps are marked, one in each half, and the answer is the sum
 * of the two marked numbers, read after the last step. Always answering the mean (1) gives a mean squared error
 * of 1/6 (about 0.167). An LSTM and a GRU learn it (MSE under 0.01); a plain RNN does not, and the per-step
 * gradient norms {@code ||dL/dh_t||} it prints show why (seed 003's vanishing gradients): in the plain RNN the
 * gradient from the answer fades step by step back through time, so the early marked number cannot be learned.
 *
 * <pre>
 * ./mvnw -q -Prun-example package -DskipTests -Dexample=dev.ember.examples.sequence.AddingProblem
 * ./mvnw -q -Prun-example package -DskipTests -Dexample=dev.ember.examples.sequence.AddingProblem -Dexample.args="--length 100 --steps 3000"
 * </pre>
 * Options: {@code --length N} (50), {@code --steps N} training batches of 64 (2000), {@code --hidden N} (32),
 * {@code --lr X} (0.01), {@code --seed N} (3), {@code --models rnn,lstm,gru}.
 */
public final class AddingProblem {
    static final int BATCH = 64;

    /** A batch: inputs {@code [batch, length, 2]} (number, marker) and targets {@code [batch, 1]}. */
    record Batch(Tensor inputs, Tensor targets) {}

    /** A recurrent layer read at its last step by a linear head. */
    static final class Model extends Module {
        final RecurrentLayer recurrent;
        final Linear head;

        Model(String kind, int hidden, Generator g) {
            recurrent = child("recurrent", switch (kind) {
                case "rnn" -> new RNN(2, hidden, 1, RNN.Nonlinearity.TANH, true, true, 0, false, g);
                case "lstm" -> new LSTM(2, hidden, 1, true, true, 0, false, g);
                case "gru" -> new GRU(2, hidden, 1, true, true, 0, false, g);
                default -> throw new IllegalArgumentException("unknown model '" + kind + "'; use rnn, lstm or gru");
            });
            head = child("head", new Linear(hidden, 1, dev.ember.nn.init.Init.pytorchDefault(),
                    dev.ember.nn.init.Init.pytorchBias(hidden), g));
        }

        @Override
        public Tensor forward(Tensor x) {
            Tensor out = recurrent.forward(x);                       // [batch, length, hidden]
            return head.forward(out.select(1, out.size(1) - 1));     // the last step
        }
    }

    static Batch batch(int size, int length, Generator g) {
        float[] numbers = g.rand(size, length).toFloatArray();
        long[] first = g.randint(0, length / 2, size).toLongArray();
        long[] second = g.randint(length / 2, length, size).toLongArray();
        float[] x = new float[size * length * 2];
        float[] y = new float[size];
        for (int b = 0; b < size; b++) {
            for (int t = 0; t < length; t++) x[(b * length + t) * 2] = numbers[b * length + t];
            x[(b * length + (int) first[b]) * 2 + 1] = 1;
            x[(b * length + (int) second[b]) * 2 + 1] = 1;
            y[b] = numbers[b * length + (int) first[b]] + numbers[b * length + (int) second[b]];
        }
        return new Batch(Tensor.of(x, size, length, 2), Tensor.of(y, size, 1));
    }

    /** What one training run gives: the model, the test MSE every {@code every} steps, the last one. */
    record Run(Model model, List<Double> curve, double testMse) {}

    static Run train(String kind, int length, int steps, int hidden, double lr, long seed, int every) {
        return train(kind, length, steps, hidden, lr, seed, every, false);
    }

    static Run train(String kind, int length, int steps, int hidden, double lr, long seed, int every, boolean print) {
        Generator g = new Generator(seed);
        Model model = new Model(kind, hidden, g);
        Adam adam = new Adam(model.parameters(), lr);
        MSELoss mse = new MSELoss();
        Batch test = batch(1000, length, new Generator(seed + 1000));
        List<Double> curve = new ArrayList<>();
        for (int step = 1; step <= steps; step++) {
            Batch b = batch(BATCH, length, g);
            adam.zeroGrad();
            mse.apply(model.forward(b.inputs()), b.targets()).backward();
            GradClip.byNorm(model.parameters(), 1.0);
            adam.step();
            if (step % every == 0 || step == steps) {
                curve.add(testMse(model, test));
                if (print) System.out.printf("  %s step %d: test MSE %.4f%n", kind.toUpperCase(), step, curve.get(curve.size() - 1));
            }
        }
        return new Run(model, curve, curve.get(curve.size() - 1));
    }

    static double testMse(Model model, Batch test) {
        try (var noGrad = Autograd.noGrad()) {
            return new MSELoss().apply(model.forward(test.inputs()), test.targets()).item();
        }
    }

    /**
     * {@code ||dL/dh_t||} at every step for one batch: the trained layer's weights are run step by step in its
     * cell, each hidden state keeping its gradient, so the gradient reaching step t through the recurrence shows.
     */
    static double[] hiddenGradientNorms(Model model, Batch b) {
        Map<String, Tensor> cellWeights = new LinkedHashMap<>();
        model.recurrent.stateDict().forEach((k, v) -> cellWeights.put(k.replace("_l0", ""), v));
        boolean lstm = model.recurrent instanceof LSTM;
        int hidden = model.recurrent.hiddenSize();
        Module cell = lstm ? new LSTMCell(2, hidden) : new RNNCell(2, hidden);
        cell.loadStateDict(cellWeights);
        int length = b.inputs().size(1);
        List<Tensor> hs = new ArrayList<>();
        Tensor h = null;
        LSTMState state = null;
        for (int t = 0; t < length; t++) {
            Tensor xt = b.inputs().select(1, t);
            if (lstm) {
                state = ((LSTMCell) cell).forward(xt, state);
                h = state.h();
            } else {
                h = ((RNNCell) cell).forward(xt, h);
            }
            hs.add(h.retainGrad());
        }
        new MSELoss().apply(model.head.forward(h), b.targets()).backward();
        double[] norms = new double[length];
        for (int t = 0; t < length; t++) norms[t] = hs.get(t).grad().norm(2).item();
        return norms;
    }

    public static void main(String[] args) {
        int length = 50;
        int steps = 2000;
        int hidden = 32;
        double lr = 0.01;
        long seed = 3;
        String[] models = {"rnn", "lstm", "gru"};
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--length" -> length = Integer.parseInt(args[++i]);
                case "--steps" -> steps = Integer.parseInt(args[++i]);
                case "--hidden" -> hidden = Integer.parseInt(args[++i]);
                case "--lr" -> lr = Double.parseDouble(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--models" -> models = args[++i].split(",");
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (--length N, --steps N, --hidden N, --lr X, --seed N, --models rnn,lstm,gru)");
            }
        }
        int every = Math.max(1, steps / 10);
        System.out.printf("Adding problem: sequences of %d steps, two marked numbers, batches of %d, %d steps of Adam"
                + " (lr %s), hidden %d, seed %d%n", length, BATCH, steps, lr, hidden, seed);
        System.out.printf("Always answering the mean: test MSE %.4f%n", meanBaseline(length, seed));
        Map<String, Run> runs = new LinkedHashMap<>();
        for (String kind : models) {
            long start = System.nanoTime();
            Run run = train(kind, length, steps, hidden, lr, seed, every, true);
            runs.put(kind, run);
            StringBuilder curve = new StringBuilder();
            for (double v : run.curve()) curve.append(String.format(" %.4f", v));
            System.out.printf("%-4s test MSE every %d steps:%s  (%.0f s)%n", kind.toUpperCase(), every, curve,
                    (System.nanoTime() - start) / 1e9);
        }
        System.out.println();
        System.out.println("Final test MSE (solved below 0.01; the mean gives about 0.167):");
        runs.forEach((kind, run) -> System.out.printf("  %-4s %.4f%s%n", kind.toUpperCase(), run.testMse(),
                run.testMse() < 0.01 ? "  solved" : ""));

        Batch probe = batch(BATCH, length, new Generator(seed + 2000));
        List<String> shown = new ArrayList<>();
        for (String kind : List.of("rnn", "lstm")) if (runs.containsKey(kind)) shown.add(kind);
        if (shown.isEmpty()) return;
        System.out.println();
        System.out.println("Gradient of the loss reaching each step's hidden state, ||dL/dh_t||, trained models:");
        Map<String, double[]> norms = new LinkedHashMap<>();
        for (String kind : shown) norms.put(kind, hiddenGradientNorms(runs.get(kind).model(), probe));
        System.out.print("     t");
        for (String kind : shown) System.out.printf("  %12s", kind.toUpperCase());
        System.out.println();
        for (int t = length - 1; t >= 0; t -= Math.max(1, length / 10)) printRow(t, norms);
        if ((length - 1) % Math.max(1, length / 10) != 0) printRow(0, norms);
        for (String kind : shown) {
            double[] n = norms.get(kind);
            System.out.printf("%s: ||dL/dh_0|| / ||dL/dh_%d|| = %.3g%n", kind.toUpperCase(), length - 1, n[0] / n[length - 1]);
        }
    }

    private static void printRow(int t, Map<String, double[]> norms) {
        System.out.printf("%6d", t);
        for (double[] n : norms.values()) System.out.printf("  %12.3e", n[t]);
        System.out.println();
    }

    /** The test MSE of always answering the training targets' mean, 1. */
    static double meanBaseline(int length, long seed) {
        Batch test = batch(1000, length, new Generator(seed + 1000));
        return test.targets().sub(1.0).square().mean().item();
    }
}
