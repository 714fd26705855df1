package dev.ember.nn.layers;

import dev.ember.Tensor;
import dev.ember.nn.Module;

/**
 * {@code x * Phi(x)} with Phi the standard normal CDF, as PyTorch's {@code nn.GELU}: exact ({@code "none"}, the
 * default, through erf) or its tanh approximation ({@code "tanh"}).
 *
 * <pre>{@code
 * Module act = new GELU("tanh");   // nn.GELU(approximate='tanh')
 * }</pre>
 */
public final class GELU extends Module {
    private final String approximate;

    public GELU() { this("none"); }

    public GELU(String approximate) {
        if (!"none".equals(approximate) && !"tanh".equals(approximate)) {
            throw new IllegalArgumentException("GELU: approximate must be \"none\" or \"tanh\", got \"" + approximate + "\"");
        }
        this.approximate = approximate;
    }

    @Override
    public Tensor forward(Tensor x) { return x.gelu(approximate); }

    public String approximate() { return approximate; }

    @Override
    protected String describe() { return "GELU(approximate=" + approximate + ")"; }
}
