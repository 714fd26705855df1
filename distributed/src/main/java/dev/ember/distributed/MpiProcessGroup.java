package dev.ember.distributed;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import dev.ember.Autograd;
import dev.ember.DType;
import dev.ember.Device;
import dev.ember.Shape;
import dev.ember.Tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * The {@link ProcessGroup} of all processes of an MPI job ({@code MPI_COMM_WORLD}), for CPU tensors, on Open MPI's
 * library ({@link Mpi}). Collectives read and write the tensors' arrays in place; a non-contiguous tensor goes through a
 * contiguous copy, a bool tensor through bytes ({@code MPI_UINT8_T}). {@link ReduceOp#AVERAGE} is MPI's sum divided by
 * the size. Calls must come from one thread at a time ({@code MPI_THREAD_SERIALIZED}).
 *
 * <pre>{@code
 * // bin/ember-run -n 2 my.Main
 * try (ProcessGroup group = MpiProcessGroup.init()) {
 *     Tensor g = Tensor.full(group.rank(), 4);
 *     group.allReduce(g, ReduceOp.AVERAGE);   // [0.5, 0.5, 0.5, 0.5] on both ranks
 * }
 * }</pre>
 */
public final class MpiProcessGroup implements ProcessGroup {
    private static MpiProcessGroup instance;

    private final int rank;
    private final int size;
    private boolean closed;

    private MpiProcessGroup(int rank, int size) {
        this.rank = rank;
        this.size = size;
    }

    /**
     * Starts MPI (once per process) and returns the group of every process of the job. A single process started
     * without mpirun is a group of one. Installs the failure policy: an exception that ends any thread of this
     * process is printed with the rank and then {@code MPI_Abort} ends the whole job, so no rank waits forever in a
     * collective for one that is gone.
     */
    public static synchronized MpiProcessGroup init() {
        if (instance != null) {
            if (instance.closed) throw new IllegalStateException("MpiProcessGroup.init: the group was closed; MPI cannot restart in a process");
            return instance;
        }
        Mpi.init();
        instance = new MpiProcessGroup(Mpi.rank(), Mpi.size());
        abortOnUncaughtException(instance);
        finalizeAtExit(instance);
        return instance;
    }

    /**
     * {@code MPI_Finalize} when the JVM exits, not in {@link #close()}: a rank whose exception unwinds through
     * try-with-resources must reach the abort handler, not wait in {@code MPI_Finalize} for ranks that are waiting for
     * it in a collective. A rank stopped in the middle of a collective (mpirun ending the job) skips it.
     */
    private static void finalizeAtExit(MpiProcessGroup group) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Thread finisher = Thread.ofPlatform().daemon().unstarted(() -> {
                synchronized (group) {   // held by a thread inside a collective: then this waits, and is given up
                    if (!Mpi.finalized()) Mpi.finish();
                }
            });
            finisher.start();
            try {
                // in MPI_Finalize it waits for the other ranks as long as they take; blocked on the group, it is dropped
                long blockedSince = System.nanoTime();
                while (!finisher.join(java.time.Duration.ofMillis(100))) {
                    if (finisher.getState() != Thread.State.BLOCKED) blockedSince = System.nanoTime();
                    else if (System.nanoTime() - blockedSince > 2_000_000_000L) break;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "ember-mpi-finalize"));
    }

    private static void abortOnUncaughtException(MpiProcessGroup group) {
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            System.err.println("ember: rank " + group.rank + " of " + group.size + " failed in thread '"
                    + thread.getName() + "'; aborting the MPI job so that the other ranks stop too");
            e.printStackTrace();
            System.err.flush();
            Mpi.abort(1);
        });
    }

    /** The version line of the Open MPI library in use. */
    public static String libraryVersion() { return Mpi.libraryVersion(); }

    @Override
    public int rank() { return rank; }

    @Override
    public int size() { return size; }

    @Override
    public synchronized void allReduce(Tensor tensor, ReduceOp op) {
        checkOpen("allReduce");
        checkHost("allReduce", tensor);
        checkReduction("allReduce", tensor.dtype(), op);
        if (tensor.dtype().isHalf()) {   // MPI has no half types: reduce in float32 and round once, as PyTorch's CPU ops do
            Tensor wide = tensor.to(DType.FLOAT32);
            allReduce(wide, op);
            writeBack(tensor, wide.to(tensor.dtype()));
            return;
        }
        if (tensor.dtype() == DType.BOOL) {
            byte[] bytes = bytes(tensor);
            Mpi.allReduce(MemorySegment.ofArray(bytes), bytes.length, Mpi.UINT8, boolOp(op));
            writeBack(tensor, booleans(bytes, tensor.shape()));
            return;
        }
        Tensor work = lendable(tensor);
        Mpi.allReduce(memory(work), count("allReduce", work), type(work.dtype()), op(op));
        if (op == ReduceOp.AVERAGE) divide(work);
        if (work != tensor) writeBack(tensor, work);
    }

    @Override
    public synchronized Work allReduceAsync(List<Tensor> tensors, ReduceOp op) {
        checkOpen("allReduceAsync");
        if (tensors.isEmpty()) return () -> {};
        DType dtype = tensors.get(0).dtype();
        long elements = 0;
        for (Tensor t : tensors) {
            checkHost("allReduceAsync", t);
            if (t.dtype() != dtype) {
                throw new IllegalArgumentException("allReduceAsync: the tensors must have one dtype; got " + dtype
                        + " and " + t.dtype());
            }
            elements += t.numel();
        }
        checkReduction("allReduceAsync", dtype, op);
        if (dtype == DType.BOOL || elements > Integer.MAX_VALUE) {   // rare: no overlap, but the same result
            for (Tensor t : tensors) allReduce(t, op);
            return () -> {};
        }
        return new Bucket(tensors, (int) elements, dtype, op);
    }

    /** One {@code MPI_Iallreduce} over a native copy of the tensors, copied back by {@link #await()}. */
    private final class Bucket implements Work {
        private final List<Tensor> tensors;
        private final DType dtype;
        private final ReduceOp op;
        private final Arena arena = Arena.ofShared();
        private final MemorySegment buffer;
        private final MemorySegment request;
        private boolean done;

        Bucket(List<Tensor> tensors, int elements, DType dtype, ReduceOp op) {
            this.tensors = List.copyOf(tensors);
            this.dtype = dtype;
            this.op = op;
            this.buffer = arena.allocate((long) elements * dtype.byteSize(), 64);
            long at = 0;
            for (Tensor t : this.tensors) {
                MemorySegment source = memory(lendable(t));
                MemorySegment.copy(source, 0, buffer, at, source.byteSize());
                at += source.byteSize();
            }
            this.request = arena.allocate(ADDRESS);
            Mpi.startAllReduce(buffer, elements, type(dtype), op(op), request);
        }

        @Override
        public void await() {
            synchronized (MpiProcessGroup.this) {
                if (done) return;
                done = true;
                try {
                    Mpi.await(request);
                    if (op == ReduceOp.AVERAGE) divide(buffer, dtype);
                    long at = 0;
                    for (Tensor t : tensors) {
                        Tensor target = lendable(t);
                        MemorySegment destination = memory(target);
                        MemorySegment.copy(buffer, at, destination, 0, destination.byteSize());
                        at += destination.byteSize();
                        if (target != t) writeBack(t, target);
                    }
                } finally {
                    arena.close();
                }
            }
        }
    }

    @Override
    public synchronized void broadcast(Tensor tensor, int root) {
        checkOpen("broadcast");
        checkHost("broadcast", tensor);
        checkRoot(root);
        if (tensor.dtype() == DType.BOOL) {
            byte[] bytes = bytes(tensor);
            Mpi.broadcast(MemorySegment.ofArray(bytes), bytes.length, Mpi.UINT8, root);
            writeBack(tensor, booleans(bytes, tensor.shape()));
            return;
        }
        Tensor work = lendable(tensor);
        Mpi.broadcast(memory(work), count("broadcast", work), type(work.dtype()), root);
        if (work != tensor) writeBack(tensor, work);
    }

    @Override
    public synchronized Tensor allGather(Tensor tensor) {
        checkOpen("allGather");
        checkHost("allGather", tensor);
        int[] shape = tensor.shape();
        int[] gathered = shape.length == 0 ? new int[] {size} : shape.clone();
        if (shape.length > 0) gathered[0] = Math.multiplyExact(shape[0], size);
        int count = count("allGather", tensor);
        if (tensor.dtype() == DType.BOOL) {
            byte[] received = new byte[Math.multiplyExact(count, size)];
            Mpi.allGather(MemorySegment.ofArray(bytes(tensor)), MemorySegment.ofArray(received), count, Mpi.UINT8);
            return booleans(received, gathered);
        }
        Tensor out = Tensor.zeros(Device.CPU, tensor.dtype(), gathered);
        Mpi.allGather(memory(lendable(tensor)), memory(out), count, type(tensor.dtype()));
        return out;
    }

    @Override
    public synchronized Tensor reduceScatter(Tensor tensor, ReduceOp op) {
        checkOpen("reduceScatter");
        checkHost("reduceScatter", tensor);
        checkReduction("reduceScatter", tensor.dtype(), op);
        if (tensor.dtype().isHalf()) return reduceScatter(tensor.to(DType.FLOAT32), op).to(tensor.dtype());
        int[] shape = tensor.shape();
        if (shape.length == 0 || shape[0] % size != 0) {
            throw new dev.ember.ShapeException("reduceScatter: dim 0 of the tensor must be a multiple of the group size "
                    + size + "; got shape " + Shape.str(shape));
        }
        int[] block = shape.clone();
        block[0] = shape[0] / size;
        int count = count("reduceScatter", tensor) / size;
        if (tensor.dtype() == DType.BOOL) {
            byte[] received = new byte[count];
            Mpi.reduceScatter(MemorySegment.ofArray(bytes(tensor)), MemorySegment.ofArray(received), count, Mpi.UINT8,
                    boolOp(op));
            return booleans(received, block);
        }
        Tensor out = Tensor.zeros(Device.CPU, tensor.dtype(), block);
        Mpi.reduceScatter(memory(lendable(tensor)), memory(out), count, type(tensor.dtype()), op(op));
        if (op == ReduceOp.AVERAGE) divide(out);
        return out;
    }

    @Override
    public synchronized void barrier() {
        checkOpen("barrier");
        Mpi.barrier();
    }

    /**
     * Ends this group's use: later collectives throw. MPI itself is finalized when the JVM exits normally (MPI cannot
     * restart in a process, and finalizing here would make a rank that fails wait for the others).
     */
    @Override
    public synchronized void close() {
        closed = true;
    }

    /** Ends every process of the job at once with {@code code}: for a failure this rank cannot recover from. */
    public void abort(int code) { Mpi.abort(code); }

    // ---- tensors as MPI buffers ----

    static MemorySegment type(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> Mpi.FLOAT;
            case FLOAT64 -> Mpi.DOUBLE;
            case INT32 -> Mpi.INT32;
            case INT64 -> Mpi.INT64;
            case BOOL -> Mpi.UINT8;
            case FLOAT16, BFLOAT16 -> Mpi.UINT16;   // moved as bits; reductions widen to float32 first
        };
    }

    private static MemorySegment op(ReduceOp op) {
        return switch (op) {
            case SUM, AVERAGE -> Mpi.SUM;
            case MAX -> Mpi.MAX;
            case MIN -> Mpi.MIN;
        };
    }

    /** On 0/1 bytes: or for SUM and MAX, and for MIN. */
    private static MemorySegment boolOp(ReduceOp op) { return op == ReduceOp.MIN ? Mpi.MIN : Mpi.MAX; }

    /** {@code t} itself when its memory can be lent as one piece, else a contiguous copy. */
    private static Tensor lendable(Tensor t) {
        return t.isContiguous() && t.storage().memory().isPresent() ? t : t.contiguous();
    }

    /** The elements of a contiguous tensor whose storage lends its memory. */
    private static MemorySegment memory(Tensor t) {
        long bytes = t.dtype().byteSize();
        MemorySegment all = t.storage().memory().orElseThrow(() -> new IllegalStateException(
                "internal: the storage of a " + t.dtype() + " tensor lends no memory"));
        return all.asSlice(t.layout().offset() * bytes, t.numel() * bytes);
    }

    private static void writeBack(Tensor target, Tensor values) {
        try (var noGrad = Autograd.noGrad()) {
            target.copyFrom(values);
        }
    }

    private void divide(Tensor t) {
        try (var noGrad = Autograd.noGrad()) {
            t.divInPlace((double) size);
        }
    }

    private void divide(MemorySegment buffer, DType dtype) {
        if (dtype == DType.FLOAT32) {
            float n = size;
            for (long i = 0, count = buffer.byteSize() / 4; i < count; i++) {
                buffer.setAtIndex(JAVA_FLOAT, i, buffer.getAtIndex(JAVA_FLOAT, i) / n);
            }
        } else {
            double n = size;
            for (long i = 0, count = buffer.byteSize() / 8; i < count; i++) {
                buffer.setAtIndex(JAVA_DOUBLE, i, buffer.getAtIndex(JAVA_DOUBLE, i) / n);
            }
        }
    }

    private static byte[] bytes(Tensor t) {
        boolean[] values = t.toBooleanArray();
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) bytes[i] = (byte) (values[i] ? 1 : 0);
        return bytes;
    }

    private static Tensor booleans(byte[] bytes, int[] shape) {
        boolean[] values = new boolean[bytes.length];
        for (int i = 0; i < bytes.length; i++) values[i] = bytes[i] != 0;
        return Tensor.of(values).reshape(shape);
    }

    // ---- checks ----

    private void checkOpen(String call) {
        if (closed) throw new IllegalStateException(call + ": the process group was closed");
    }

    private static void checkHost(String call, Tensor t) {
        if (!t.device().equals(Device.CPU)) {
            throw new dev.ember.DeviceMismatchException(call + ": MPI moves CPU tensors; this one of shape "
                    + Shape.str(t.shape()) + " is on " + t.device() + " (use NcclProcessGroup for CUDA tensors, or .to(Device.CPU))");
        }
    }

    private static void checkReduction(String call, DType dtype, ReduceOp op) {
        if (op == ReduceOp.AVERAGE && !dtype.isFloating()) {
            throw new dev.ember.DTypeException(call + ": AVERAGE needs a floating tensor, got " + dtype
                    + "; use SUM and divide as you mean to round");
        }
    }

    private void checkRoot(int root) {
        if (root < 0 || root >= size) {
            throw new IllegalArgumentException("broadcast: root " + root + " is not a rank of this group of " + size);
        }
    }

    @Override
    public String toString() { return "MpiProcessGroup(rank " + rank + " of " + size + ")"; }

    /** A tensor's element count as MPI takes it: an {@code int}; a larger tensor is refused naming the collective. */
    private static int count(String op, Tensor t) {
        long n = t.numel();
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(op + ": tensor of shape " + Shape.str(t.shape()) + " has " + n
                    + " elements; MPI counts are int, so at most " + Integer.MAX_VALUE + " per call");
        }
        return (int) n;
    }
}
