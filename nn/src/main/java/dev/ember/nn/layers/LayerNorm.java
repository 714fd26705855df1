package dev.ember.nn.layers;

import dev.ember.Autocast;
import dev.ember.Autograd;
import dev.ember.Shape;
import dev.ember.Tensor;
import dev.ember.nn.Module;
import dev.ember.nn.functional.F;
import dev.ember.nn.Parameter;

import java.util.Arrays;

/**
 * Normalises each sample over its last dims ({@code normalizedShape}), as PyTorch's {@code nn.LayerNorm}:
 * {@code y = (x - mean) / sqrt(var + eps) * weight + bias} with the biased variance, and {@code weight} (ones)
 * and {@code bias} (zeros) of shape {@code normalizedShape} when {@code elementwiseAffine}. There are no running
 * statistics, so training and evaluation behave the same.
 *
 * <pre>{@code
 * LayerNorm norm = new LayerNorm(512);
 * Tensor y = norm.forward(tokens);   // [batch, seq, 512], each token normalised over its 512 features
 * }</pre>
 */
public final class LayerNorm extends Module {
    private final int[] normalizedShape;
    private final double eps;
    private final Parameter weight;
    private final Parameter bias;

    public LayerNorm(int... normalizedShape) { this(normalizedShape, 1e-5, true); }

    public LayerNorm(int[] normalizedShape, double eps, boolean elementwiseAffine) {
        if (normalizedShape == null || normalizedShape.length == 0 || Arrays.stream(normalizedShape).anyMatch(s -> s <= 0)) {
            throw new IllegalArgumentException("LayerNorm needs a non-empty normalizedShape of positive sizes, got "
                    + (normalizedShape == null ? "null" : Shape.str(normalizedShape)));
        }
        if (!(eps > 0)) throw new IllegalArgumentException("LayerNorm needs eps > 0, got " + eps);
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        try (var noGrad = Autograd.noGrad()) {
            weight = elementwiseAffine ? parameter("weight", Tensor.ones(normalizedShape)) : null;
            bias = elementwiseAffine ? parameter("bias", Tensor.zeros(normalizedShape)) : null;
        }
    }

    @Override
    public Tensor forward(Tensor x) {
        x = Autocast.cast("layerNorm", x);
        int k = normalizedShape.length;
        int[] shape = x.shape();
        if (shape.length < k || !Arrays.equals(Arrays.copyOfRange(shape, shape.length - k, shape.length), normalizedShape)) {
            throw wrongShape("[..., " + Shape.str(normalizedShape).substring(1), x);
        }
        return F.layerNorm(x, normalizedShape, weight == null ? null : weight.value(), bias == null ? null : bias.value(), eps);
    }

    public int[] normalizedShape() { return normalizedShape.clone(); }

    public double eps() { return eps; }

    /** Null when built without {@code elementwiseAffine}. */
    public Parameter weight() { return weight; }

    /** Null when built without {@code elementwiseAffine}. */
    public Parameter bias() { return bias; }

    @Override
    protected String describe() {
        return "LayerNorm(" + Shape.str(normalizedShape) + (eps != 1e-5 ? ", eps=" + eps : "")
                + (weight == null ? ", elementwiseAffine=false" : "") + ")";
    }
}
