package dev.ember.examples.hypernet;

import dev.ember.Tensor;
import dev.ember.nn.Sequential;
import dev.ember.nn.TypedModule;
import dev.ember.nn.layers.Linear;
import dev.ember.nn.layers.Tanh;

/**
 * A hypernetwork as seed 004 defines it: the weights of a network {@code H} are configured by another network
 * {@code G}. Here {@code H} is a 1 -> {@code hidden} -> 1 network of one variable with a tanh, and it owns no
 * parameters: for each task descriptor {@code G} (2 -> 64 -> 64 -> P, tanh) outputs all P of {@code H}'s weights
 * and biases, and {@code H} runs with them through {@code matmul}. Only {@code G} is trained; the loss reaches it
 * through the generated weights.
 */
final class HyperNetwork extends TypedModule<HyperNetwork.Input, Tensor> {
    /** {@code tasks [T, 2]} (one descriptor per task) and points {@code x [T, K, 1]} (K per task). */
    record Input(Tensor tasks, Tensor x) {}

    private final int hidden;
    private final Sequential g;

    HyperNetwork(int hidden) {
        this.hidden = hidden;
        g = child("G", new Sequential(new Linear(2, 64), new Tanh(), new Linear(64, 64), new Tanh(), new Linear(64, weightCount())));
    }

    /** H's weights and biases: {@code w1 [1, h]}, {@code b1 [h]}, {@code w2 [h, 1]}, {@code b2 [1]}. */
    int weightCount() { return 3 * hidden + 1; }

    /** {@code [T, K, 1]}: H, configured by G for each task, at that task's points. */
    @Override
    public Tensor forward(Input in) {
        Tensor w = g.forward(in.tasks());                      // [T, P]: one set of H's weights per task
        int t = w.size(0);
        Tensor w1 = w.narrow(1, 0, hidden).reshape(t, 1, hidden);
        Tensor b1 = w.narrow(1, hidden, hidden).reshape(t, 1, hidden);
        Tensor w2 = w.narrow(1, 2 * hidden, hidden).reshape(t, hidden, 1);
        Tensor b2 = w.narrow(1, 3 * hidden, 1).reshape(t, 1, 1);
        Tensor h = in.x().matmul(w1).add(b1).tanh();           // [T, K, 1] @ [T, 1, h] -> [T, K, h]
        return h.matmul(w2).add(b2);                           // [T, K, h] @ [T, h, 1] -> [T, K, 1]
    }

    /** G's first layer, whose gradient shows that the loss reaches G through H's weights. */
    Linear firstLayerOfG() { return (Linear) g.get(0); }
}
