package dev.ember.distributed;

import dev.ember.Tensor;
import dev.ember.nn.train.Replicas;

/**
 * A {@link ProcessGroup} as {@link dev.ember.nn.train.Trainer} needs it ({@code trainer.distributed(new
 * TrainerGroup(group))}): rank 0 leads, epoch metrics are averaged with one all-reduce, rank 0's stop decision is
 * broadcast.
 */
public record TrainerGroup(ProcessGroup group) implements Replicas {

    @Override
    public boolean isLeader() { return group.rank() == 0; }

    @Override
    public double[] average(double[] values) {
        Tensor t = Tensor.of(values.clone());
        group.allReduce(t, ReduceOp.AVERAGE);
        return t.toDoubleArray();
    }

    @Override
    public boolean leaderDecides(boolean decision) {
        Tensor t = Tensor.of(new boolean[] {decision});
        group.broadcast(t, 0);
        return t.toBooleanArray()[0];
    }
}
