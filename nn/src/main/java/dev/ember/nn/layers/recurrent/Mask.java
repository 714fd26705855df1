package dev.ember.nn.layers.recurrent;

import dev.ember.Device;
import dev.ember.Tensor;

import java.util.Arrays;

/** Which sequences of a batch are still running at each step, from their lengths: a bool {@code [batch, 1]} per step. */
final class Mask {
    private final int[] lengths;
    private final int[] activeCount;
    private final Tensor[] active;
    private final Device device;

    private Mask(int[] lengths, int steps, Device device) {
        this.lengths = lengths;
        this.device = device;
        activeCount = new int[steps];
        for (int t = 0; t < steps; t++) for (int n : lengths) if (t < n) activeCount[t]++;
        active = new Tensor[steps];
    }

    /** Every length must lie in [1, steps], one per sequence of the batch (PyTorch refuses empty sequences). */
    static Mask of(String layer, int[] lengths, int batch, int steps, boolean unbatched, Device device) {
        if (lengths.length != batch) {
            throw new IllegalArgumentException(layer + ": expected " + batch + " lengths" + (unbatched ? " (unbatched input)" : "")
                    + ", one per sequence, got " + lengths.length + " " + Arrays.toString(lengths));
        }
        for (int n : lengths) {
            if (n < 1 || n > steps) {
                throw new IllegalArgumentException(layer + ": every length must be in [1, " + steps + "] (the input's "
                        + "sequence length), got " + Arrays.toString(lengths));
            }
        }
        return new Mask(lengths.clone(), steps, device);
    }

    boolean allActive(int t) { return activeCount[t] == lengths.length; }

    boolean noneActive(int t) { return activeCount[t] == 0; }

    /** {@code [batch, 1]}: true where step {@code t} lies inside the sequence. */
    Tensor active(int t) {
        if (active[t] == null) {
            boolean[] on = new boolean[lengths.length];
            for (int b = 0; b < on.length; b++) on[b] = t < lengths[b];
            active[t] = Tensor.of(on, on.length, 1).to(device);
        }
        return active[t];
    }
}
