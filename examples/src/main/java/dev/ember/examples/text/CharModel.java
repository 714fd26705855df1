package dev.ember.examples.text;

import dev.ember.MemoryScope;
import dev.ember.Tensor;
import dev.ember.nn.Module;

import java.util.Arrays;

/**
 * A character-level language model: {@code forward(ids)} takes token ids {@code [B, T]} (int64) and returns the
 * logits of the next token at every position, {@code [B, T, V]}, each position seeing only itself and what came
 * before. Every model of {@link CharModels} is one, so training, evaluation and generation work on any of them.
 */
public abstract class CharModel extends Module {
    /** The longest window it trains on (a Transformer's positions); windowed generation keeps the last this-many tokens. */
    public abstract int contextLength();

    /**
     * Generation, one call per new piece of text: {@link Decoder#next} takes the tokens that follow those already
     * given (first the prompt, then each drawn token) and returns the logits of the token after them. What it
     * keeps between calls belongs to the {@link MemoryScope} open when it was called.
     */
    public interface Decoder {
        double[] next(long[] ids);
    }

    /**
     * A decoder that runs {@link #forward} over the last {@link #contextLength()} tokens every time; a recurrent
     * model overrides it to carry its state instead.
     */
    public Decoder decoder() {
        return new Decoder() {
            private long[] seen = new long[0];

            @Override
            public double[] next(long[] ids) {
                long[] all = Arrays.copyOf(seen, seen.length + ids.length);
                System.arraycopy(ids, 0, all, seen.length, ids.length);
                seen = Arrays.copyOfRange(all, Math.max(0, all.length - contextLength()), all.length);
                try (MemoryScope scope = MemoryScope.open()) {
                    Tensor logits = forward(Tensor.of(seen, 1, seen.length).to(parameters().get(0).device()));
                    return logits.select(1, seen.length - 1).reshape(-1).toDoubleArray();
                }
            }
        };
    }
}
