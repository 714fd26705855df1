package dev.ember.distributed;

/**
 * How {@link ProcessGroup#allReduce} and {@link ProcessGroup#reduceScatter} combine the ranks' values. PyTorch:
 * {@code torch.distributed.ReduceOp}.
 *
 * <p>On bool tensors {@code SUM} and {@code MAX} are a logical or, {@code MIN} a logical and (as PyTorch's NCCL group
 * does); {@code AVERAGE} is for floating tensors only (an integer mean would need rounding that no two libraries agree
 * on).
 */
public enum ReduceOp {
    SUM, AVERAGE, MAX, MIN
}
