package dev.ember.nn.functional;

import dev.ember.Shape;
import dev.ember.Tensor;

/** Cosine similarity and the p-norm distance of paired rows, as PyTorch's {@code F.cosine_similarity} and {@code F.pairwise_distance}. */
final class Distances {
    private Distances() {}

    /**
     * {@code sum(x1 * x2) / (max(|x1|, eps) * max(|x2|, eps))} along {@code dim}, inputs broadcast. As PyTorch
     * 1.13 clamps each squared norm to {@code eps^2} outside the graph, the gradient of a clamped norm is that of
     * {@code sqrt} at the clamped value times that of the unclamped squared norm (checked against PyTorch).
     */
    static Tensor cosineSimilarity(Tensor x1, Tensor x2, int dim, double eps) {
        String fn = "cosineSimilarity";
        Checks.floating(fn, "x1", x1);
        Checks.floating(fn, "x2", x2);
        int[] shape = broadcastShape(fn, x1, x2);
        int rank = shape.length;
        if (dim < -rank || dim >= rank) {
            throw new IllegalArgumentException(fn + ": dim " + dim + " is out of range for inputs " + Shape.str(x1.shape())
                    + " and " + Shape.str(x2.shape()));
        }
        int d = dim < 0 ? dim + rank : dim;
        Tensor a = x1.expand(shape);
        Tensor b = x2.expand(shape);
        Tensor n1 = clampOutsideGraph(a.mul(a).sum(new int[] {d}, true), eps * eps).sqrt();
        Tensor n2 = clampOutsideGraph(b.mul(b).sum(new int[] {d}, true), eps * eps).sqrt();
        return a.div(n1).mul(b.div(n2)).sum(new int[] {d}, false);
    }

    /** {@code ||x1 - x2 + eps||_p} over the last dim, as PyTorch (which adds {@code eps} to the difference). */
    static Tensor pairwiseDistance(Tensor x1, Tensor x2, double p, double eps, boolean keepDim) {
        String fn = "pairwiseDistance";
        Checks.floating(fn, "x1", x1);
        Checks.floating(fn, "x2", x2);
        if (!(p >= 0)) throw new IllegalArgumentException(fn + ": p must be >= 0, got " + p);
        Tensor diff = x1.sub(x2).add(eps);
        if (diff.rank() == 0) throw new IllegalArgumentException(fn + ": inputs need at least one dim, got scalars");
        return diff.norm(p, new int[] {diff.rank() - 1}, keepDim);
    }

    private static int[] broadcastShape(String fn, Tensor x1, Tensor x2) {
        int rank = Math.max(x1.rank(), x2.rank());
        if (rank == 0) throw new IllegalArgumentException(fn + ": inputs need at least one dim, got scalars");
        int[] shape = new int[rank];
        for (int i = 0; i < rank; i++) {
            int a = i < rank - x1.rank() ? 1 : x1.shape()[i - (rank - x1.rank())];
            int b = i < rank - x2.rank() ? 1 : x2.shape()[i - (rank - x2.rank())];
            if (a != b && a != 1 && b != 1) {
                throw new IllegalArgumentException(fn + ": x1 " + Shape.str(x1.shape()) + " and x2 " + Shape.str(x2.shape())
                        + " do not broadcast");
            }
            shape[i] = Math.max(a, b);
        }
        return shape;
    }

    /** Values {@code max(t, eps)}, gradient of {@code t}: PyTorch's {@code clamp_min_} under {@code no_grad}. */
    private static Tensor clampOutsideGraph(Tensor t, double eps) {
        return t.add(t.detach().clampMin(eps).sub(t.detach()));
    }
}
