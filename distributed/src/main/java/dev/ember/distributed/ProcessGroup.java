package dev.ember.distributed;

import dev.ember.Tensor;

import java.util.List;

/**
 * The processes of one job, numbered {@code 0..size()-1}, and the collectives they run together: every rank calls
 * the same collectives in the same order with tensors of the same shape and dtype. Tensors of every dtype (float32,
 * float64, int32, int64, bool) are accepted; views and non-contiguous tensors too (they go through a contiguous copy).
 * PyTorch: {@code torch.distributed.ProcessGroup} and its free functions.
 *
 * <pre>{@code
 * try (ProcessGroup group = MpiProcessGroup.init()) {        // under mpirun, or bin/ember-run -n 2 Main
 *     Tensor x = Tensor.full(group.rank() + 1.0, 3);
 *     group.allReduce(x, ReduceOp.SUM);                       // on 2 ranks: [3, 3, 3] everywhere
 *     Tensor all = group.allGather(Tensor.of(new int[] {group.rank()}));   // [0, 1]
 * }
 * }</pre>
 *
 * <p>A rank that throws past {@code main} ends the whole job ({@link MpiProcessGroup#init()} installs the handler), so
 * the others never wait for it forever.
 */
public interface ProcessGroup extends AutoCloseable {

    /** This process's number, from 0. */
    int rank();

    /** The number of processes. */
    int size();

    /** Combines {@code tensor} over all ranks with {@code op}, in place: afterwards every rank holds the result. */
    void allReduce(Tensor tensor, ReduceOp op);

    /**
     * Starts {@link #allReduce} of {@code tensors} (one dtype, one device) as one flat buffer and returns at once; the
     * tensors hold the result after {@link Work#await()} and must not be read or written before. Data-parallel
     * training reduces its gradient buckets this way, while backward goes on.
     */
    Work allReduceAsync(List<Tensor> tensors, ReduceOp op);

    /** Copies rank {@code root}'s {@code tensor} into every rank's {@code tensor}. */
    void broadcast(Tensor tensor, int root);

    /**
     * Every rank's {@code tensor}, concatenated along dim 0 in rank order: shape {@code [size * d0, ...]} (a scalar
     * gives {@code [size]}). PyTorch: {@code all_gather_into_tensor}.
     */
    Tensor allGather(Tensor tensor);

    /**
     * {@code tensor} (dim 0 a multiple of {@link #size()}) combined over all ranks with {@code op}, split along dim 0
     * into {@code size} blocks; rank r gets block r. PyTorch: {@code reduce_scatter_tensor}.
     */
    Tensor reduceScatter(Tensor tensor, ReduceOp op);

    /** Returns once every rank has called it. */
    void barrier();

    /** Ends this group's use; later collectives throw. */
    @Override
    void close();
}
