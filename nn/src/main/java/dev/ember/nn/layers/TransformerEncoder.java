package dev.ember.nn.layers;

import dev.ember.Generator;
import dev.ember.Tensor;
import dev.ember.nn.Module;
import dev.ember.nn.Sequential;

/**
 * A stack of {@code numLayers} copies of one {@link TransformerEncoderLayer} and an optional final norm, as
 * PyTorch's {@code nn.TransformerEncoder}: like PyTorch it copies the given layer, so every layer starts with the
 * same weights, and the keys read {@code layers.0.self_attn.in_proj_weight}, ..., {@code norm.weight}.
 *
 * <pre>{@code
 * TransformerEncoderLayer block = new TransformerEncoderLayer(128, 4, 512, 0.1, "gelu", true, true);
 * TransformerEncoder encoder = new TransformerEncoder(block, 6, new LayerNorm(128));
 * Tensor y = encoder.forward(x, Attention.squareSubsequentMask(t), null);
 * }</pre>
 */
public final class TransformerEncoder extends Module {
    private final Sequential layers;
    private final LayerNorm norm;

    public TransformerEncoder(TransformerEncoderLayer layer, int numLayers) { this(layer, numLayers, null); }

    /** {@code norm} null: none; the layers' dropout draws from the default generator. */
    public TransformerEncoder(TransformerEncoderLayer layer, int numLayers, LayerNorm norm) {
        this(layer, numLayers, norm, Generator.defaultGenerator());
    }

    public TransformerEncoder(TransformerEncoderLayer layer, int numLayers, LayerNorm norm, Generator generator) {
        Arguments.atLeast("TransformerEncoder", "numLayers", numLayers, 1);
        if (layer == null) throw new IllegalArgumentException("TransformerEncoder: layer is null");
        layers = child("layers", new Sequential());
        for (int i = 0; i < numLayers; i++) layers.add(layer.copy(generator));
        this.norm = norm == null ? null : child("norm", norm);
    }

    @Override
    public Tensor forward(Tensor src) { return forward(src, null, null); }

    /** Each layer's {@code forward(x, mask, srcKeyPaddingMask)} in turn, then the norm. */
    public Tensor forward(Tensor src, Tensor mask, Tensor srcKeyPaddingMask) {
        Tensor x = src;
        for (int i = 0; i < layers.size(); i++) x = layer(i).forward(x, mask, srcKeyPaddingMask);
        return norm == null ? x : norm.forward(x);
    }

    public TransformerEncoderLayer layer(int index) { return (TransformerEncoderLayer) layers.get(index); }

    public int numLayers() { return layers.size(); }

    /** Null when built without one. */
    public LayerNorm norm() { return norm; }
}
