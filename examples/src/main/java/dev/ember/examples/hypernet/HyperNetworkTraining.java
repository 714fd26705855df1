package dev.ember.examples.hypernet;

import dev.ember.Autograd;
import dev.ember.Generator;
import dev.ember.Tensor;
import dev.ember.examples.Charts;
import dev.ember.examples.Options;
import dev.ember.nn.loss.MSELoss;
import dev.ember.nn.optim.Adam;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Trains a {@link HyperNetwork} on {@link SineTasks}: each step draws 16 tasks of 32 points, G generates H's
 * weights for each task, and Adam updates G alone. Prints the error on 200 tasks never seen in training beside
 * the error of the best single answer that ignores the task (predicting 0, the tasks' mean), and writes
 * {@code hypernetwork.png}: three unseen tasks and H's curves for them.
 *
 * <pre>
 * --steps N (default 2000)   --hidden N (default 32, H's hidden units)   --lr X (default 1e-3)
 * --seed N (default 1)       --out DIR (default target/hypernet)
 * </pre>
 */
public final class HyperNetworkTraining {
    private static final MSELoss MSE = new MSELoss();

    private HyperNetworkTraining() {}

    /** Trains {@code steps} steps; returns the training loss of each. */
    static List<Double> train(HyperNetwork net, int steps, double lr, Generator data) {
        Adam adam = new Adam(net.parameters(), lr);
        List<Double> losses = new ArrayList<>();
        for (int step = 0; step < steps; step++) {
            SineTasks.Batch b = SineTasks.sample(16, 32, data);
            Tensor loss = MSE.apply(net.forward(b.input()), b.y());
            adam.zeroGrad();
            loss.backward();
            adam.step();
            losses.add(loss.item());
        }
        return losses;
    }

    /** The mean squared error on {@code tasks}. */
    static double error(HyperNetwork net, SineTasks.Batch tasks) {
        try (var noGrad = Autograd.noGrad()) {
            return MSE.apply(net.forward(tasks.input()), tasks.y()).item();
        }
    }

    /** The error of answering 0 everywhere: each task's own mean over a period. */
    static double taskIgnorantError(SineTasks.Batch tasks) {
        try (var noGrad = Autograd.noGrad()) {
            return tasks.y().square().mean().item();
        }
    }

    public static void main(String[] args) {
        Options o = Options.parse(args, Map.of("--steps", "2000", "--hidden", "32", "--lr", "1e-3", "--seed", "1",
                "--out", "target/hypernet"));
        long seed = o.longValue("--seed");
        Tensor.manualSeed(seed);
        HyperNetwork net = new HyperNetwork(o.integer("--hidden"));
        System.out.printf("G has %d parameters and generates H's %d weights per task%n", net.parameterCount(), net.weightCount());
        SineTasks.Batch unseen = SineTasks.sample(200, 64, new Generator(seed + 1000));
        System.out.printf("before training: error on 200 unseen tasks %.4f (answering 0: %.4f)%n", error(net, unseen), taskIgnorantError(unseen));
        int steps = o.integer("--steps");
        long start = System.nanoTime();
        List<Double> losses = train(net, steps, o.real("--lr"), new Generator(seed + 1));
        System.out.printf("after %d steps (%.1f s): training error %.4f, error on 200 unseen tasks %.4f (answering 0: %.4f)%n",
                steps, (System.nanoTime() - start) / 1e9, losses.get(losses.size() - 1), error(net, unseen), taskIgnorantError(unseen));

        // three unseen tasks, drawn as curves: the truth and H with G's weights for that task
        double[][] tasks = {{0.7, 0.3}, {1.4, 1.5}, {1.9, 2.8}};
        int points = 100;
        double[] xs = new double[points];
        for (int i = 0; i < points; i++) xs[i] = -Math.PI + 2 * Math.PI * i / (points - 1);
        List<Charts.Series> series = new ArrayList<>();
        for (double[] task : tasks) {
            Tensor amplitude = Tensor.full(task[0], 1, 1);
            Tensor phase = Tensor.full(task[1], 1, 1);
            SineTasks.Batch b = SineTasks.of(amplitude, phase, Tensor.of(xs, 1, points, 1).to(dev.ember.DType.FLOAT32));
            double[] predicted;
            try (var noGrad = Autograd.noGrad()) {
                predicted = net.forward(b.input()).toDoubleArray();
            }
            String name = String.format("a=%.1f, phase=%.1f", task[0], task[1]);
            series.add(new Charts.Series(name + " (truth)", xs, b.y().toDoubleArray()));
            series.add(new Charts.Series(name + " (H)", xs, predicted));
        }
        Path png = o.path("--out").resolve("hypernetwork.png");
        Charts.save(png, new Charts.Panel("H with the weights G generates for each task", "x", "y", false, series));
        System.out.println("Wrote " + png.toAbsolutePath());
    }
}
