package dev.ember.distributed;

import dev.ember.Autograd;
import dev.ember.BackendUnavailableException;
import dev.ember.DType;
import dev.ember.Device;
import dev.ember.DeviceMismatchException;
import dev.ember.Shape;
import dev.ember.ShapeException;
import dev.ember.Tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * A {@link ProcessGroup} of CUDA tensors on NCCL ({@link Nccl}): one GPU per rank, the collectives queued on the CUDA
 * backend's own stream ({@code Backend.stream()}), so they run in order with the kernels before and after them and
 * the caching allocator's stream-ordered reuse stays safe; no host synchronisation except {@link #barrier()}. The
 * NCCL unique id is made by rank 0 and broadcast through a bootstrap group (MPI), so one launch command serves both.
 * {@link #allReduceAsync} returns at once as every collective here does (the stream orders the rest).
 *
 * <p><b>Never run</b>: no GPU was at hand when this was written; its bindings were checked against {@code nccl.h} and
 * {@code libnccl.so.2} 2.30.7 (symbols and enum values), not executed.
 *
 * <pre>{@code
 * try (ProcessGroup mpi = MpiProcessGroup.init();
 *      ProcessGroup nccl = NcclProcessGroup.init(mpi, Device.cuda(localRank))) {
 *     Tensor g = Tensor.ones(Device.cuda(localRank), DType.FLOAT32, 1024);
 *     nccl.allReduce(g, ReduceOp.SUM);
 * }
 * }</pre>
 */
public final class NcclProcessGroup implements ProcessGroup {
    private final int rank;
    private final int size;
    private final Device device;
    private final MemorySegment stream;
    private MemorySegment comm;

    private NcclProcessGroup(int rank, int size, Device device, MemorySegment stream, MemorySegment comm) {
        this.rank = rank;
        this.size = size;
        this.device = device;
        this.stream = stream;
        this.comm = comm;
    }

    /**
     * Joins every rank of {@code bootstrap} in an NCCL communicator on {@code device} (this rank's GPU).
     *
     * @throws BackendUnavailableException naming {@code libnccl.so.2} when NCCL cannot be loaded
     */
    public static NcclProcessGroup init(ProcessGroup bootstrap, Device device) {
        if (device.kind() != Device.Kind.CUDA) {
            throw new DeviceMismatchException("NcclProcessGroup: NCCL runs on CUDA devices, got " + device
                    + " (use MpiProcessGroup for CPU tensors)");
        }
        NcclLibrary.open();   // a missing library: its clear error now, not Nccl's failed initialisation
        // allocating on the device starts its backend and makes its context current on this thread, where NCCL finds it
        Tensor probe = Tensor.zeros(device, DType.INT32, 1);
        MemorySegment stream = probe.backend().stream();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment id = bootstrap.rank() == 0 ? Nccl.uniqueId(arena) : arena.allocate(Nccl.NCCL_UNIQUE_ID);
            Tensor shared = Tensor.of(id.toArray(ValueLayout.JAVA_LONG));   // 128 bytes as 16 int64s
            bootstrap.broadcast(shared, 0);
            MemorySegment.copy(shared.toLongArray(), 0, id, ValueLayout.JAVA_LONG, 0, Nccl.NCCL_UNIQUE_ID_BYTES / 8);
            MemorySegment comm = Nccl.commInitRank(bootstrap.size(), id, bootstrap.rank());
            return new NcclProcessGroup(bootstrap.rank(), bootstrap.size(), device, stream, comm);
        }
    }

    /** The NCCL library's version, e.g. 23007 for 2.30.7. */
    public static int libraryVersion() { return Nccl.version(); }

    @Override
    public int rank() { return rank; }

    @Override
    public int size() { return size; }

    @Override
    public synchronized void allReduce(Tensor tensor, ReduceOp op) {
        check("allReduce", tensor);
        checkReduction("allReduce", tensor.dtype(), op);
        Tensor work = lendable(tensor);
        MemorySegment at = memory(work);
        Nccl.allReduce(at, at, work.numel(), Nccl.type(work.dtype()), op(op, work.dtype()), comm, stream);
        if (work != tensor) writeBack(tensor, work);
    }

    @Override
    public synchronized Work allReduceAsync(List<Tensor> tensors, ReduceOp op) {
        Nccl.groupStart();
        try {
            for (Tensor t : tensors) allReduce(t, op);
        } finally {
            Nccl.groupEnd();
        }
        return () -> {};   // queued on the backend's stream: what reads the tensors next runs after it
    }

    @Override
    public synchronized void broadcast(Tensor tensor, int root) {
        check("broadcast", tensor);
        if (root < 0 || root >= size) throw new IllegalArgumentException("broadcast: root " + root + " is not a rank of this group of " + size);
        Tensor work = lendable(tensor);
        MemorySegment at = memory(work);
        Nccl.broadcast(at, at, work.numel(), Nccl.type(work.dtype()), root, comm, stream);
        if (work != tensor) writeBack(tensor, work);
    }

    @Override
    public synchronized Tensor allGather(Tensor tensor) {
        check("allGather", tensor);
        int[] shape = tensor.shape();
        int[] gathered = shape.length == 0 ? new int[] {size} : shape.clone();
        if (shape.length > 0) gathered[0] = Math.multiplyExact(shape[0], size);
        Tensor out = Tensor.zeros(device, tensor.dtype(), gathered);
        Nccl.allGather(memory(lendable(tensor)), memory(out), tensor.numel(), Nccl.type(tensor.dtype()), comm, stream);
        return out;
    }

    @Override
    public synchronized Tensor reduceScatter(Tensor tensor, ReduceOp op) {
        check("reduceScatter", tensor);
        checkReduction("reduceScatter", tensor.dtype(), op);
        int[] shape = tensor.shape();
        if (shape.length == 0 || shape[0] % size != 0) {
            throw new ShapeException("reduceScatter: dim 0 of the tensor must be a multiple of the group size " + size
                    + "; got shape " + Shape.str(shape));
        }
        int[] block = shape.clone();
        block[0] = shape[0] / size;
        Tensor out = Tensor.zeros(device, tensor.dtype(), block);
        Nccl.reduceScatter(memory(lendable(tensor)), memory(out), out.numel(), Nccl.type(tensor.dtype()),
                op(op, tensor.dtype()), comm, stream);
        return out;
    }

    /** An all-reduce of one value, read back on the host: returns when every rank's stream got there. */
    @Override
    public synchronized void barrier() {
        Tensor one = Tensor.ones(device, DType.INT32, 1);
        allReduce(one, ReduceOp.SUM);
        if (one.toIntArray()[0] != size) throw new IllegalStateException("NCCL barrier: counted " + one.toIntArray()[0] + " of " + size + " ranks");
    }

    /** {@code ncclCommDestroy}; the bootstrap group stays open. */
    @Override
    public synchronized void close() {
        if (comm == null) return;
        Nccl.commDestroy(comm);
        comm = null;
    }

    private static int op(ReduceOp op, DType dtype) {
        if (dtype == DType.BOOL) return op == ReduceOp.MIN ? Nccl.ncclMin : Nccl.ncclMax;
        return switch (op) {
            case SUM -> Nccl.ncclSum;
            case AVERAGE -> Nccl.ncclAvg;
            case MAX -> Nccl.ncclMax;
            case MIN -> Nccl.ncclMin;
        };
    }

    private static Tensor lendable(Tensor t) { return t.isContiguous() ? t : t.contiguous(); }

    private static MemorySegment memory(Tensor t) {
        long bytes = t.dtype().byteSize();
        MemorySegment all = t.storage().memory().orElseThrow(() -> new IllegalStateException(
                "internal: the CUDA storage of a " + t.dtype() + " tensor lends no device address"));
        return all.asSlice(t.layout().offset() * bytes, t.numel() * bytes);
    }

    private static void writeBack(Tensor target, Tensor values) {
        try (var noGrad = Autograd.noGrad()) {
            target.copyFrom(values);
        }
    }

    private void check(String call, Tensor t) {
        if (comm == null) throw new IllegalStateException(call + ": the NCCL process group was closed");
        if (!t.device().equals(device)) {
            throw new DeviceMismatchException(call + ": this NCCL group runs on " + device + "; the tensor of shape "
                    + Shape.str(t.shape()) + " is on " + t.device());
        }
    }

    private static void checkReduction(String call, DType dtype, ReduceOp op) {
        if (op == ReduceOp.AVERAGE && !dtype.isFloating()) {
            throw new dev.ember.DTypeException(call + ": AVERAGE needs a floating tensor, got " + dtype
                    + "; use SUM and divide as you mean to round");
        }
    }

    @Override
    public String toString() { return "NcclProcessGroup(rank " + rank + " of " + size + " on " + device + ")"; }
}
