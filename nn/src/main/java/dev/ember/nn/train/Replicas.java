package dev.ember.nn.train;

/**
 * The ranks of a data-parallel run as {@link Trainer} sees them: rank 0 leads (it alone shows progress and writes
 * checkpoints, and its early-stopping decision holds for all), and each epoch's losses and metrics are averaged over
 * the ranks. The {@code distributed} module's {@code TrainerGroup} implements it over a process group.
 */
public interface Replicas {
    /** True on the rank that shows progress, writes checkpoints and decides when to stop (rank 0). */
    boolean isLeader();

    /** Every rank's {@code values}, averaged element by element; every rank gets the same result. */
    double[] average(double[] values);

    /** The leader's {@code decision}, on every rank. */
    boolean leaderDecides(boolean decision);
}
