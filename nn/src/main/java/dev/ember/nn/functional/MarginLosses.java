package dev.ember.nn.functional;

import dev.ember.Shape;
import dev.ember.Tensor;
import dev.ember.nn.loss.Reduction;

/**
 * The margin and embedding losses, as PyTorch's {@code F.margin_ranking_loss}, {@code F.soft_margin_loss},
 * {@code F.multi_margin_loss}, {@code F.multilabel_soft_margin_loss}, {@code F.cosine_embedding_loss} and
 * {@code F.triplet_margin_loss}.
 */
final class MarginLosses {
    private MarginLosses() {}

    /** {@code max(0, -y (x1 - x2) + margin)}, {@code y} in {1, -1}. */
    static Tensor marginRanking(Tensor x1, Tensor x2, Tensor y, double margin, Reduction reduction) {
        String fn = "marginRankingLoss";
        Checks.floating(fn, "input1", x1);
        Checks.floating(fn, "input2", x2);
        Checks.sameShape(fn, "input1", x1, "input2", x2);
        Checks.sameShape(fn, "input1", x1, "target", y);
        return reduce(fn, reduction, x1.sub(x2).mul(y.to(x1.dtype())).neg().add(margin).clampMin(0));
    }

    /** {@code log(1 + exp(-y x))}, {@code y} in {1, -1}. */
    static Tensor softMargin(Tensor x, Tensor y, Reduction reduction) {
        String fn = "softMarginLoss";
        Checks.floating(fn, "input", x);
        Checks.sameShape(fn, "input", x, "target", y);
        return reduce(fn, reduction, x.mul(y.to(x.dtype())).neg().softplus());
    }

    /**
     * Multi-class hinge: for {@code x [N, C]} (or {@code [C]}) and class indices {@code y [N]}, each example gives
     * {@code sum over i != y of w[y] max(0, margin - x[y] + x[i])^p / C}, {@code p} 1 or 2.
     */
    static Tensor multiMargin(Tensor x, Tensor y, int p, double margin, Tensor weight, Reduction reduction) {
        String fn = "multiMarginLoss";
        Checks.floating(fn, "input", x);
        Checks.integral(fn, "target", y);
        if (p != 1 && p != 2) throw new IllegalArgumentException(fn + ": p must be 1 or 2, got " + p);
        boolean single = x.rank() == 1;
        Tensor x2 = single ? x.unsqueeze(0) : x;
        Tensor y1 = y.rank() == 0 ? y.reshape(1) : y;
        if (x2.rank() != 2 || y1.rank() != 1 || y1.size(0) != x2.size(0)) {
            throw new IllegalArgumentException(fn + ": expected input [N, C] (or [C]) and target [N] (or []), got input "
                    + Shape.str(x.shape()) + " and target " + Shape.str(y.shape()));
        }
        int c = x2.size(1);
        checkClasses(fn, y1, c);
        Checks.perChannel(fn, "weight", weight, c);
        Tensor idx = y1.to(dev.ember.DType.INT64).reshape(-1, 1);
        Tensor xy = x2.gather(1, idx);
        Tensor hinge = x2.sub(xy).add(margin).clampMin(0);
        if (p == 2) hinge = hinge.mul(hinge);
        if (weight != null) hinge = hinge.mul(weight.indexSelect(0, idx.reshape(-1)).reshape(-1, 1));
        // the target's own term is margin^p (weighted); it does not count
        Tensor notTarget = Tensor.onesLike(x2).scatter(1, idx, Tensor.zeros(x2.device(), x2.dtype(), x2.size(0), 1));
        Tensor perExample = hinge.mul(notTarget).sum(1).div(c);
        return reduce(fn, reduction, single ? perExample.reshape() : perExample);
    }

    /** {@code -(y log sigmoid(x) + (1 - y) log sigmoid(-x))}, weighted per class, averaged over the classes (dim -1). */
    static Tensor multilabelSoftMargin(Tensor x, Tensor y, Tensor weight, Reduction reduction) {
        String fn = "multilabelSoftMarginLoss";
        Checks.floating(fn, "input", x);
        Checks.sameShape(fn, "input", x, "target", y);
        if (x.rank() < 1) throw Checks.wrongShape(fn, "input", "[N, C] or [C]", x);
        int c = x.size(-1);
        Checks.perChannel(fn, "weight", weight, c);
        Tensor t = y.to(x.dtype());
        Tensor loss = t.mul(x.logsigmoid()).add(t.rsub(1.0).mul(x.neg().logsigmoid())).neg();
        if (weight != null) loss = loss.mul(weight);
        return reduce(fn, reduction, loss.sum(new int[] {x.rank() - 1}, false).div(c));
    }

    /**
     * {@code 1 - cos(x1, x2)} where {@code y = 1}, {@code max(0, cos(x1, x2) - margin)} where {@code y = -1}, with
     * PyTorch's {@code cos = x1.x2 / sqrt((|x1|^2 + 1e-12)(|x2|^2 + 1e-12))} along the last dim.
     */
    static Tensor cosineEmbedding(Tensor x1, Tensor x2, Tensor y, double margin, Reduction reduction) {
        String fn = "cosineEmbeddingLoss";
        Checks.floating(fn, "input1", x1);
        Checks.sameShape(fn, "input1", x1, "input2", x2);
        if (x1.rank() < 1 || x1.rank() > 2) throw Checks.wrongShape(fn, "input1", "[N, D] or [D]", x1);
        int[] rows = x1.rank() == 2 ? new int[] {x1.size(0)} : new int[0];
        if (!java.util.Arrays.equals(Checks.notNull(fn, "target", y).shape(), rows)) {
            throw Checks.wrongShape(fn, "target", Shape.str(rows), y);
        }
        int d = x1.rank() - 1;
        double tiny = 1e-12;
        Tensor dot = x1.mul(x2).sum(new int[] {d}, false);
        Tensor m1 = x1.mul(x1).sum(new int[] {d}, false).add(tiny);
        Tensor m2 = x2.mul(x2).sum(new int[] {d}, false).add(tiny);
        Tensor cos = dot.div(m1.mul(m2).sqrt());
        Tensor t = y.to(x1.dtype());
        Tensor zero = Tensor.zerosLike(cos);
        Tensor loss = Tensor.where(t.eq(1.0), cos.rsub(1.0), zero).add(Tensor.where(t.eq(-1.0), cos.sub(margin).clampMin(0), zero));
        return reduce(fn, reduction, loss);
    }

    /**
     * {@code max(0, margin + d(a, p) - d(a, n))} with {@link Distances#pairwiseDistance} of norm {@code p}; with
     * {@code swap}, {@code d(a, n)} is replaced by {@code min(d(a, n), d(p, n))}.
     */
    static Tensor tripletMargin(Tensor anchor, Tensor positive, Tensor negative, double margin, double p, double eps,
                                boolean swap, Reduction reduction) {
        String fn = "tripletMarginLoss";
        Checks.floating(fn, "anchor", anchor);
        Checks.floating(fn, "positive", positive);
        Checks.floating(fn, "negative", negative);
        if (anchor.rank() < 1 || anchor.rank() > 2 || positive.rank() != anchor.rank() || negative.rank() != anchor.rank()) {
            throw new IllegalArgumentException(fn + ": anchor, positive and negative must all be [N, D] or all [D], got "
                    + Shape.str(anchor.shape()) + ", " + Shape.str(positive.shape()) + ", " + Shape.str(negative.shape()));
        }
        Tensor dPos = Distances.pairwiseDistance(anchor, positive, p, eps, false);
        Tensor dNeg = Distances.pairwiseDistance(anchor, negative, p, eps, false);
        if (swap) dNeg = dNeg.minimum(Distances.pairwiseDistance(positive, negative, p, eps, false));
        return reduce(fn, reduction, dPos.sub(dNeg).add(margin).clampMin(0));
    }

    private static Tensor reduce(String fn, Reduction reduction, Tensor perElement) {
        if (reduction == null) throw new IllegalArgumentException(fn + ": reduction is null");
        return reduction.reduce(perElement);
    }

    static void checkClasses(String fn, Tensor y, int c) {
        if (y.numel() == 0) return;
        long low = (long) y.min().item();
        long high = (long) y.max().item();
        if (low < 0 || high >= c) {
            throw new IllegalArgumentException(fn + ": target class " + (low < 0 ? low : high) + " is out of range [0, " + c + ")");
        }
    }
}
