package dev.ember.nn.loss;

import dev.ember.Tensor;

/**
 * How a loss turns per-element values into its result, with PyTorch's names.
 *
 * <pre>{@code
 * Tensor perExample = new MSELoss(Reduction.NONE).apply(prediction, target);
 * }</pre>
 */
public enum Reduction {
    /** The per-element values, unreduced. */
    NONE,
    /** Their mean (a weighted mean where the loss has class weights). */
    MEAN,
    /** Their sum. */
    SUM,
    /**
     * The sum divided by the batch size (dim 0): PyTorch's {@code kl_div(reduction='batchmean')}, the KL
     * divergence per example. Allowed on every loss; on a scalar it is the sum.
     */
    BATCHMEAN;

    /** Reduces {@code perElement} as this reduction says (an unweighted mean for {@link #MEAN}). */
    public Tensor reduce(Tensor perElement) {
        return switch (this) {
            case NONE -> perElement;
            case MEAN -> perElement.mean();
            case SUM -> perElement.sum();
            case BATCHMEAN -> perElement.rank() == 0 ? perElement : perElement.sum().div(perElement.size(0));
        };
    }
}
