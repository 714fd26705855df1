package dev.ember.nn.functional;

import dev.ember.DType;
import dev.ember.Shape;
import dev.ember.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Embedding lookups with the table passed in, as PyTorch's {@code F.embedding} and {@code F.embedding_bag}. */
final class Embeddings {
    private Embeddings() {}

    /** {@code weight}'s rows at {@code indices}; the {@code paddingIdx} row (or none, when null) gets no gradient. */
    static Tensor embedding(Tensor indices, Tensor weight, Integer paddingIdx) {
        String fn = "embedding";
        Checks.integral(fn, "indices", indices);
        Tensor w = table(fn, weight);
        Integer padding = paddingIndex(fn, paddingIdx, w.size(0));
        int[] outShape = Arrays.copyOf(indices.shape(), indices.rank() + 1);
        outShape[indices.rank()] = w.size(1);
        Tensor flat = indices.reshape(-1);
        checkRange(fn, flat, w.size(0));
        Tensor rows = w.indexSelect(0, flat);
        if (padding != null && rows.requiresGrad()) {
            // same values, but the padding positions take the detached copy, so no gradient reaches that row
            Tensor isPadding = flat.eq((double) padding).reshape(-1, 1);
            rows = Tensor.where(isPadding, rows.detach(), rows);
        }
        return rows.reshape(outShape);
    }

    /**
     * The sum, mean or max of each bag's rows. Bags are the rows of a 2-D {@code input} ({@code offsets} null),
     * or the runs of a 1-D {@code input} starting at each of {@code offsets} (with {@code includeLastOffset}, the
     * last offset is the end of the last bag, as in PyTorch). {@code perSampleWeights} (sum only) scale each row;
     * {@code paddingIdx} entries are left out, also of a mean's count. An empty bag gives zeros.
     */
    static Tensor embeddingBag(Tensor input, Tensor weight, Tensor offsets, EmbeddingBagMode mode,
                               Tensor perSampleWeights, boolean includeLastOffset, Integer paddingIdx) {
        String fn = "embeddingBag";
        Checks.integral(fn, "input", input);
        Tensor w = table(fn, weight);
        if (mode == null) throw new IllegalArgumentException(fn + ": mode is null");
        Integer padding = paddingIndex(fn, paddingIdx, w.size(0));
        long[] ids = input.reshape(-1).toLongArray();
        int[] bagStarts = bagStarts(fn, input, offsets, includeLastOffset, ids.length);
        if (perSampleWeights != null) {
            if (mode != EmbeddingBagMode.SUM) {
                throw new IllegalArgumentException(fn + ": perSampleWeights are only supported with mode SUM, got " + mode);
            }
            if (!Arrays.equals(perSampleWeights.shape(), input.shape())) {
                throw new IllegalArgumentException(fn + ": perSampleWeights " + Shape.str(perSampleWeights.shape())
                        + " must have the input's shape " + Shape.str(input.shape()));
            }
        }
        checkRange(fn, input.reshape(-1), w.size(0));
        int bags = bagStarts.length - 1;
        // the positions kept (padding left out), each with its bag
        List<Long> kept = new ArrayList<>();
        long[] bagOf = new long[ids.length];
        int[] counts = new int[bags];
        int[] keptStart = new int[bags + 1];
        for (int b = 0; b < bags; b++) {
            keptStart[b] = kept.size();
            for (int i = bagStarts[b]; i < bagStarts[b + 1]; i++) {
                if (padding != null && ids[i] == padding) continue;
                bagOf[kept.size()] = b;
                kept.add((long) i);
                counts[b]++;
            }
        }
        keptStart[bags] = kept.size();
        Tensor out = Tensor.zeros(w.device(), w.dtype(), bags, w.size(1));
        if (kept.isEmpty()) return w.requiresGrad() ? out.add(w.sum().mul(0.0)) : out;
        Tensor positions = Tensor.of(kept.stream().mapToLong(Long::longValue).toArray(), kept.size()).to(w.device());
        Tensor rows = w.indexSelect(0, input.reshape(-1).indexSelect(0, positions));
        if (perSampleWeights != null) {
            rows = rows.mul(perSampleWeights.reshape(-1).indexSelect(0, positions).to(w.dtype()).reshape(-1, 1));
        }
        if (mode == EmbeddingBagMode.MAX) {
            List<Tensor> maxima = new ArrayList<>(bags);
            for (int b = 0; b < bags; b++) {
                maxima.add(counts[b] == 0 ? Tensor.zeros(w.device(), w.dtype(), 1, w.size(1))
                        : rows.narrow(0, keptStart[b], counts[b]).amax(new int[] {0}, true));
            }
            return Tensor.cat(0, maxima);
        }
        Tensor bagIndex = Tensor.of(Arrays.copyOf(bagOf, kept.size()), kept.size()).to(w.device());
        Tensor sums = out.indexAdd(0, bagIndex, rows);
        if (mode == EmbeddingBagMode.SUM) return sums;
        double[] divisors = new double[bags];
        for (int b = 0; b < bags; b++) divisors[b] = Math.max(counts[b], 1);
        return sums.div(Tensor.of(divisors, bags, 1).to(w.dtype()).to(w.device()));
    }

    private static int[] bagStarts(String fn, Tensor input, Tensor offsets, boolean includeLastOffset, int total) {
        if (offsets == null) {
            if (input.rank() != 2) throw Checks.wrongShape(fn, "input without offsets", "[bags, length]", input);
            int bags = input.size(0);
            int length = input.size(1);
            int[] starts = new int[bags + 1];
            for (int b = 0; b <= bags; b++) starts[b] = b * length;
            return starts;
        }
        if (input.rank() != 1) throw Checks.wrongShape(fn, "input with offsets", "[indices]", input);
        Checks.integral(fn, "offsets", offsets);
        if (offsets.rank() != 1) throw Checks.wrongShape(fn, "offsets", "[bags]", offsets);
        long[] o = offsets.toLongArray();
        int bags = includeLastOffset ? o.length - 1 : o.length;
        if (bags < 0 || (o.length > 0 && o[0] != 0)) {
            throw new IllegalArgumentException(fn + ": offsets must start at 0, got " + Arrays.toString(o));
        }
        int[] starts = new int[bags + 1];
        for (int b = 0; b < bags; b++) starts[b] = (int) o[b];
        starts[bags] = includeLastOffset ? (int) o[bags] : total;
        for (int b = 0; b < bags; b++) {
            if (starts[b] > starts[b + 1] || starts[b + 1] > total) {
                throw new IllegalArgumentException(fn + ": offsets must be non-decreasing and at most the input's length "
                        + total + ", got " + Arrays.toString(o));
            }
        }
        return starts;
    }

    private static Tensor table(String fn, Tensor weight) {
        Checks.floating(fn, "weight", weight);
        if (weight.rank() != 2) throw Checks.wrongShape(fn, "weight", "[numEmbeddings, dim]", weight);
        return weight;
    }

    private static Integer paddingIndex(String fn, Integer paddingIdx, int rows) {
        if (paddingIdx == null) return null;
        if (paddingIdx >= rows || paddingIdx < -rows) {
            throw new IllegalArgumentException(fn + ": paddingIdx must be in [" + -rows + ", " + rows + "), got " + paddingIdx);
        }
        return paddingIdx < 0 ? paddingIdx + rows : paddingIdx;
    }

    private static void checkRange(String fn, Tensor flat, int rows) {
        if (flat.numel() == 0) return;
        long low = (long) flat.min().item();
        long high = (long) flat.max().item();
        if (low < 0 || high >= rows) {
            throw new IllegalArgumentException(fn + ": index " + (low < 0 ? low : high) + " is out of range [0, " + rows + ")");
        }
    }
}
