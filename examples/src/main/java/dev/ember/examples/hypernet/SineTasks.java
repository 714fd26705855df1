package dev.ember.examples.hypernet;

import dev.ember.Generator;
import dev.ember.Tensor;

/**
 * The hypernetwork's family of tasks: fit {@code y = a sin(x + phase)} on {@code x} in [-pi, pi], each task with
 * its own amplitude {@code a} in [0.5, 2] and phase in [0, pi]. The task descriptor given to G is
 * {@code (a, phase)}; no single fixed network fits them all, a network whose weights depend on the task can.
 */
final class SineTasks {
    /** Descriptors {@code [T, 2]}, points {@code [T, K, 1]} and targets {@code [T, K, 1]}. */
    record Batch(Tensor tasks, Tensor x, Tensor y) {
        HyperNetwork.Input input() { return new HyperNetwork.Input(tasks, x); }
    }

    private SineTasks() {}

    /** {@code tasks} random tasks with {@code points} random points each. */
    static Batch sample(int tasks, int points, Generator g) {
        Tensor amplitude = g.uniform(0.5, 2, tasks, 1);
        Tensor phase = g.uniform(0, Math.PI, tasks, 1);
        Tensor x = g.uniform(-Math.PI, Math.PI, tasks, points, 1);
        return of(amplitude, phase, x);
    }

    /** The tasks {@code (amplitude, phase)} {@code [T, 1]} each, at points {@code x [T, K, 1]}. */
    static Batch of(Tensor amplitude, Tensor phase, Tensor x) {
        int t = amplitude.size(0);
        Tensor y = x.add(phase.reshape(t, 1, 1)).sin().mul(amplitude.reshape(t, 1, 1));
        return new Batch(Tensor.cat(1, amplitude, phase), x, y);
    }
}
