package dev.ember.nn.functional;

import dev.ember.Shape;
import dev.ember.Tensor;

/**
 * {@code linear}, {@code conv1d} and {@code conv2d} with the weights passed in, so they may come from another
 * network (a hypernetwork) and receive its gradient. The layers {@code Linear}, {@code Conv1d} and
 * {@code Conv2d} call these.
 */
final class Convolutions {
    private Convolutions() {}

    static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        Checks.notNull("linear", "input", x);
        Checks.notNull("linear", "weight", weight);
        if (weight.rank() != 2) throw Checks.wrongShape("linear", "weight", "[out, in]", weight);
        int in = weight.size(1);
        int out = weight.size(0);
        if (x.rank() < 1 || x.size(-1) != in) {
            throw new IllegalArgumentException("linear: input " + Shape.str(x.shape()) + " must end in the weight's in features "
                    + in + " (weight " + Shape.str(weight.shape()) + ")");
        }
        Checks.perChannel("linear", "bias", bias, out);
        if (x.rank() == 2) return x.linear(weight, bias);
        Tensor flat = x.reshape(-1, in).linear(weight, bias);
        int[] shape = x.shape();
        shape[shape.length - 1] = out;
        return flat.reshape(shape);
    }

    static Tensor conv1d(Tensor x, Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups) {
        String fn = "conv1d";
        Checks.notNull(fn, "input", x);
        Checks.notNull(fn, "weight", weight);
        Checks.atLeast(fn, "stride", stride, 1);
        Checks.atLeast(fn, "padding", padding, 0);
        Checks.atLeast(fn, "dilation", dilation, 1);
        Checks.atLeast(fn, "groups", groups, 1);
        if (weight.rank() != 3) throw Checks.wrongShape(fn, "weight", "[out, in/groups, k]", weight);
        int in = weight.size(1) * groups;
        if (weight.size(0) % groups != 0) {
            throw new IllegalArgumentException(fn + ": weight " + Shape.str(weight.shape()) + " has " + weight.size(0)
                    + " out channels, not divisible into " + groups + " groups");
        }
        if (x.rank() != 3 || x.size(1) != in) throw Checks.wrongShape(fn, "input", "[N, " + in + ", L]", x);
        int k = weight.size(2);
        if (Checks.outputSize(x.size(2), k, padding, stride, dilation) < 1) {
            throw Checks.wrongShape(fn, "input", "[N, " + in + ", L] with L >= " + (dilation * (k - 1) + 1 - 2 * padding), x);
        }
        Checks.perChannel(fn, "bias", bias, weight.size(0));
        return x.conv1d(weight, bias, stride, padding, dilation, groups);
    }

    static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) {
        String fn = "conv2d";
        Checks.notNull(fn, "input", x);
        Checks.notNull(fn, "weight", weight);
        stride = Checks.pair(fn, "stride", stride, 1);
        padding = Checks.pair(fn, "padding", padding, 0);
        dilation = Checks.pair(fn, "dilation", dilation, 1);
        Checks.atLeast(fn, "groups", groups, 1);
        if (weight.rank() != 4) throw Checks.wrongShape(fn, "weight", "[out, in/groups, kH, kW]", weight);
        int in = weight.size(1) * groups;
        if (weight.size(0) % groups != 0) {
            throw new IllegalArgumentException(fn + ": weight " + Shape.str(weight.shape()) + " has " + weight.size(0)
                    + " out channels, not divisible into " + groups + " groups");
        }
        if (x.rank() != 4 || x.size(1) != in) throw Checks.wrongShape(fn, "input", "[N, " + in + ", H, W]", x);
        for (int d = 0; d < 2; d++) {
            int k = weight.size(2 + d);
            if (Checks.outputSize(x.size(2 + d), k, padding[d], stride[d], dilation[d]) < 1) {
                throw Checks.wrongShape(fn, "input", "[N, " + in + ", H, W] with H >= " + minInput(weight.size(2), padding[0], dilation[0])
                        + " and W >= " + minInput(weight.size(3), padding[1], dilation[1]), x);
            }
        }
        Checks.perChannel(fn, "bias", bias, weight.size(0));
        return x.conv2d(weight, bias, stride, padding, dilation, groups);
    }

    private static int minInput(int k, int padding, int dilation) { return dilation * (k - 1) + 1 - 2 * padding; }
}
