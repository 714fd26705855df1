package dev.ember.nn.data;

import dev.ember.Tensor;

import java.util.Arrays;

/**
 * {@code (x - mean[c]) / std[c]} for each channel {@code c} (dim 1) of float inputs {@code [N, C, ...]}, as
 * torchvision's {@code transforms.Normalize}. With one mean and one std, any float input {@code [N, ...]} is
 * normalised as a whole.
 *
 * <pre>{@code
 * Transform t = new Normalize(new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225});
 * Transform grey = new Normalize(0.2860, 0.3530);   // Fashion-MNIST's training mean and std
 * }</pre>
 */
public record Normalize(double[] mean, double[] std) implements Transform {
    public Normalize {
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("Normalize: need one mean and one std per channel, got " + mean.length
                    + " means and " + std.length + " stds");
        }
        for (double s : std) {
            if (!(s > 0) || !Double.isFinite(s)) throw new IllegalArgumentException("Normalize: every std must be positive and finite, got " + Arrays.toString(std));
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** One mean and std for all of the input. */
    public Normalize(double mean, double std) { this(new double[] {mean}, new double[] {std}); }

    @Override
    public Tensor transform(Tensor inputs) {
        if (!inputs.dtype().isFloating()) {
            throw new IllegalArgumentException("Normalize: expected float inputs, got " + inputs.dtype() + " (put ToFloat first)");
        }
        int channels = mean.length;
        if (channels == 1) return inputs.sub(mean[0]).div(std[0]);
        if (inputs.rank() < 2 || inputs.size(1) != channels) {
            throw new IllegalArgumentException("Normalize: " + channels + " means and stds need inputs [N, " + channels
                    + ", ...], got " + Arrays.toString(inputs.shape()));
        }
        int[] shape = new int[inputs.rank()];
        Arrays.fill(shape, 1);
        shape[1] = channels;
        Tensor m = Tensor.of(mean, shape).to(inputs.dtype()).to(inputs.device());
        Tensor s = Tensor.of(std, shape).to(inputs.dtype()).to(inputs.device());
        return inputs.sub(m).div(s);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalize n && Arrays.equals(mean, n.mean) && Arrays.equals(std, n.std);
    }

    @Override
    public int hashCode() { return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std); }

    @Override
    public String toString() { return "Normalize(mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + ")"; }

    @Override
    public double[] mean() { return mean.clone(); }

    @Override
    public double[] std() { return std.clone(); }
}
