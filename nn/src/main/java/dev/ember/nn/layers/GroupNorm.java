package dev.ember.nn.layers;

import dev.ember.Autograd;
import dev.ember.Tensor;
import dev.ember.nn.Module;
import dev.ember.nn.Parameter;
import dev.ember.nn.functional.F;

/**
 * Group normalisation, as PyTorch's {@code nn.GroupNorm}: the channels of {@code [N, C, ...]} split into
 * {@code numGroups} groups, each example's group normalised over its channels and spatial positions (biased
 * variance), then a per-channel {@code weight} (ones) and {@code bias} (zeros) when {@code affine}. No running
 * statistics: training and evaluation behave the same, and any batch size works.
 *
 * <pre>{@code
 * GroupNorm norm = new GroupNorm(8, 64);
 * Tensor y = norm.forward(features);   // [N, 64, H, W], 8 groups of 8 channels
 * }</pre>
 */
public final class GroupNorm extends Module {
    private final int groups;
    private final int channels;
    private final double eps;
    private final Parameter weight;
    private final Parameter bias;

    public GroupNorm(int numGroups, int numChannels) { this(numGroups, numChannels, 1e-5, true); }

    public GroupNorm(int numGroups, int numChannels, double eps, boolean affine) {
        this.groups = Arguments.atLeast("GroupNorm", "numGroups", numGroups, 1);
        this.channels = Arguments.atLeast("GroupNorm", "numChannels", numChannels, 1);
        if (numChannels % numGroups != 0) {
            throw new IllegalArgumentException("GroupNorm: numChannels " + numChannels + " must be divisible by numGroups " + numGroups);
        }
        if (!(eps > 0)) throw new IllegalArgumentException("GroupNorm needs eps > 0, got " + eps);
        this.eps = eps;
        try (var noGrad = Autograd.noGrad()) {
            weight = affine ? parameter("weight", Tensor.ones(numChannels)) : null;
            bias = affine ? parameter("bias", Tensor.zeros(numChannels)) : null;
        }
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() < 2 || x.size(1) != channels) throw wrongShape("[N, " + channels + ", ...]", x);
        return F.groupNorm(x, groups, weight == null ? null : weight.value(), bias == null ? null : bias.value(), eps);
    }

    /** Null when built without {@code affine}. */
    public Parameter weight() { return weight; }

    /** Null when built without {@code affine}. */
    public Parameter bias() { return bias; }

    @Override
    protected String describe() {
        return "GroupNorm(" + groups + ", " + channels + (eps != 1e-5 ? ", eps=" + eps : "") + (weight == null ? ", affine=false" : "") + ")";
    }
}
