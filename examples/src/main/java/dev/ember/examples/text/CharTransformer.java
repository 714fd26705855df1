package dev.ember.examples.text;

import dev.ember.Generator;
import dev.ember.Tensor;
import dev.ember.nn.functional.Attention;
import dev.ember.nn.init.Init;
import dev.ember.nn.layers.Embedding;
import dev.ember.nn.layers.LayerNorm;
import dev.ember.nn.layers.Linear;
import dev.ember.nn.layers.PositionalEmbedding;
import dev.ember.nn.layers.TransformerEncoder;
import dev.ember.nn.layers.TransformerEncoderLayer;

/**
 * A small GPT-style character model: token embedding plus learned positional embedding, {@code layers} pre-norm
 * {@link TransformerEncoderLayer}s (GELU, feed-forward 4·dim) under a causal mask, a final {@link LayerNorm} and a
 * linear head to the vocabulary.
 *
 * <pre>{@code
 * CharModel model = new CharTransformer(65, new CharModels.Size(128, 2, 4, 64, 0.1), new Generator(42));
 * Tensor logits = model.forward(ids);   // [B, T <= 64] -> [B, T, 65]
 * }</pre>
 */
public final class CharTransformer extends CharModel {
    private final int context;
    private final Embedding tokens;
    private final PositionalEmbedding positions;
    private final TransformerEncoder encoder;
    private final Linear head;

    public CharTransformer(int vocabulary, CharModels.Size size, Generator generator) {
        context = size.context();
        tokens = child("tokens", new Embedding(vocabulary, size.dim(), null, generator));
        positions = child("positions", new PositionalEmbedding(size.context(), size.dim(), Init.normal(0, 0.1), generator));
        TransformerEncoderLayer layer = new TransformerEncoderLayer(size.dim(), size.heads(), 4 * size.dim(), size.dropout(),
                "gelu", 1e-5, true, true, generator);
        encoder = child("encoder", new TransformerEncoder(layer, size.layers(), new LayerNorm(size.dim()), generator));
        head = child("head", new Linear(size.dim(), vocabulary, Init.pytorchDefault(), Init.pytorchBias(size.dim()), generator));
    }

    @Override
    public Tensor forward(Tensor ids) {
        if (ids.rank() != 2 || ids.size(1) > context) throw wrongShape("[B, T <= " + context + "] token ids", ids);
        Tensor x = positions.forward(tokens.forward(ids));
        Tensor causal = Attention.squareSubsequentMask(ids.size(1), x.device(), x.dtype());
        return head.forward(encoder.forward(x, causal, null));
    }

    @Override
    public int contextLength() { return context; }
}
