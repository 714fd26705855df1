package dev.ember.distributed;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.List;

/**
 * Open MPI's C library ({@code libmpi.so.40}) through {@code java.lang.foreign}: one handle per C function, named after
 * it, resolved when this class initialises, and a small API on segments for {@link MpiProcessGroup}.
 *
 * <p>Open MPI's handles are addresses of its global objects: {@code MPI_COMM_WORLD} is {@code &ompi_mpi_comm_world},
 * {@code MPI_FLOAT} {@code &ompi_mpi_float}, {@code MPI_SUM} {@code &ompi_mpi_op_sum}; they are looked up as symbols.
 * (MPICH's handles are integers: its {@code libmpi.so.12} is another ABI and is not bound here.)
 *
 * <p>The blocking collectives are linked {@linkplain Linker.Option#critical(boolean) critical with heap access}, so
 * they read and write the CPU backend's Java arrays in place, as a C program's buffers, with no copy. The price: while
 * such a call waits for the other ranks this JVM reaches no safepoint (no garbage collection); that is the time the
 * rank would spend waiting anyway. {@code MPI_Iallreduce} runs while Java goes on, so its buffer must be native memory.
 *
 * <p>Errors: {@code MPI_COMM_WORLD} is set to {@code MPI_ERRORS_RETURN}, and every status goes through {@link #check},
 * which throws {@link MpiException} naming the call and MPI's text for the error.
 *
 * <pre>{@code
 * Mpi.init();
 * float[] x = {Mpi.rank(), 1};
 * Mpi.allReduce(MemorySegment.ofArray(x), 2, Mpi.FLOAT, Mpi.SUM);   // x = {0 + 1 + ..., size}
 * Mpi.finish();
 * }</pre>
 */
final class Mpi {
    private Mpi() {}

    static final NativeLibrary LIBRARY = NativeLibrary.open("Open MPI", List.of("libmpi.so.40", "libmpi.so"),
            "install Open MPI 4 or 5 (Debian/Ubuntu: apt-get install openmpi-bin libopenmpi-dev) and start the "
                    + "processes with mpirun or bin/ember-run");

    static final int MPI_SUCCESS = 0;
    /** {@code MPI_THREAD_SERIALIZED}: any thread may call, one at a time (the backward pass's thread starts reductions). */
    static final int MPI_THREAD_SERIALIZED = 2;
    static final int MPI_MAX_ERROR_STRING = 256;
    /** {@code MPI_IN_PLACE} is {@code (void *) 1} in Open MPI's mpi.h. */
    static final MemorySegment IN_PLACE = MemorySegment.ofAddress(1);

    static final MemorySegment COMM_WORLD = LIBRARY.address("ompi_mpi_comm_world");
    static final MemorySegment ERRORS_RETURN = LIBRARY.address("ompi_mpi_errors_return");
    static final MemorySegment FLOAT = LIBRARY.address("ompi_mpi_float");
    static final MemorySegment DOUBLE = LIBRARY.address("ompi_mpi_double");
    static final MemorySegment INT32 = LIBRARY.address("ompi_mpi_int32_t");
    static final MemorySegment INT64 = LIBRARY.address("ompi_mpi_int64_t");
    static final MemorySegment UINT8 = LIBRARY.address("ompi_mpi_uint8_t");
    static final MemorySegment UINT16 = LIBRARY.address("ompi_mpi_uint16_t");
    static final MemorySegment SUM = LIBRARY.address("ompi_mpi_op_sum");
    static final MemorySegment MAX = LIBRARY.address("ompi_mpi_op_max");
    static final MemorySegment MIN = LIBRARY.address("ompi_mpi_op_min");

    private static final Linker.Option HEAP = Linker.Option.critical(true);

    // int MPI_Initialized(int *flag)
    static final MethodHandle MPI_Initialized = LIBRARY.function("MPI_Initialized",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    // int MPI_Finalized(int *flag)
    static final MethodHandle MPI_Finalized = LIBRARY.function("MPI_Finalized",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    // int MPI_Init_thread(int *argc, char ***argv, int required, int *provided)
    static final MethodHandle MPI_Init_thread = LIBRARY.function("MPI_Init_thread",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS));
    // int MPI_Finalize(void)
    static final MethodHandle MPI_Finalize = LIBRARY.function("MPI_Finalize", FunctionDescriptor.of(JAVA_INT));
    // int MPI_Abort(MPI_Comm comm, int errorcode)
    static final MethodHandle MPI_Abort = LIBRARY.function("MPI_Abort",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    // int MPI_Comm_rank(MPI_Comm comm, int *rank)
    static final MethodHandle MPI_Comm_rank = LIBRARY.function("MPI_Comm_rank",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    // int MPI_Comm_size(MPI_Comm comm, int *size)
    static final MethodHandle MPI_Comm_size = LIBRARY.function("MPI_Comm_size",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    // int MPI_Comm_set_errhandler(MPI_Comm comm, MPI_Errhandler errhandler)
    static final MethodHandle MPI_Comm_set_errhandler = LIBRARY.function("MPI_Comm_set_errhandler",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    // int MPI_Error_string(int errorcode, char *string, int *resultlen)
    static final MethodHandle MPI_Error_string = LIBRARY.function("MPI_Error_string",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    // int MPI_Get_library_version(char *version, int *resultlen)
    static final MethodHandle MPI_Get_library_version = LIBRARY.function("MPI_Get_library_version",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    // int MPI_Barrier(MPI_Comm comm)
    static final MethodHandle MPI_Barrier = LIBRARY.function("MPI_Barrier", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    // int MPI_Allreduce(const void *sendbuf, void *recvbuf, int count, MPI_Datatype datatype, MPI_Op op, MPI_Comm comm)
    static final MethodHandle MPI_Allreduce = LIBRARY.function("MPI_Allreduce",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS), HEAP);
    // int MPI_Iallreduce(const void *sendbuf, void *recvbuf, int count, MPI_Datatype datatype, MPI_Op op,
    //         MPI_Comm comm, MPI_Request *request)
    static final MethodHandle MPI_Iallreduce = LIBRARY.function("MPI_Iallreduce",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    // int MPI_Wait(MPI_Request *request, MPI_Status *status)
    static final MethodHandle MPI_Wait = LIBRARY.function("MPI_Wait", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    // int MPI_Bcast(void *buffer, int count, MPI_Datatype datatype, int root, MPI_Comm comm)
    static final MethodHandle MPI_Bcast = LIBRARY.function("MPI_Bcast",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS), HEAP);
    // int MPI_Allgather(const void *sendbuf, int sendcount, MPI_Datatype sendtype, void *recvbuf, int recvcount,
    //         MPI_Datatype recvtype, MPI_Comm comm)
    static final MethodHandle MPI_Allgather = LIBRARY.function("MPI_Allgather",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS), HEAP);
    // int MPI_Reduce_scatter_block(const void *sendbuf, void *recvbuf, int recvcount, MPI_Datatype datatype,
    //         MPI_Op op, MPI_Comm comm)
    static final MethodHandle MPI_Reduce_scatter_block = LIBRARY.function("MPI_Reduce_scatter_block",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS), HEAP);

    /** Throws {@link MpiException} naming {@code call} and MPI's text for {@code status} unless it is success. */
    static void check(String call, int status) {
        if (status != MPI_SUCCESS) {
            throw new MpiException(call, status, call + " failed: MPI error " + status + ": " + errorString(status));
        }
    }

    private static void check(String call, StatusCall nativeCall) {
        check(call, StatusCall.run(nativeCall));
    }

    /** MPI's text for an error code. */
    static String errorString(int code) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment text = arena.allocate(MPI_MAX_ERROR_STRING + 1);
            MemorySegment length = arena.allocate(JAVA_INT);
            int status = (int) MPI_Error_string.invokeExact(code, text, length);
            return status == MPI_SUCCESS ? text.getString(0) : "(no text for this code)";
        } catch (Throwable t) {
            throw NativeLibrary.propagate(t);
        }
    }

    /** Open MPI's version line, e.g. {@code Open MPI v4.1.4, package: Debian OpenMPI, ...}. */
    static String libraryVersion() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment text = arena.allocate(4096);   // MPI_MAX_LIBRARY_VERSION_STRING is 256 in Open MPI
            MemorySegment length = arena.allocate(JAVA_INT);
            check("MPI_Get_library_version", () -> (int) MPI_Get_library_version.invokeExact(text, length));
            return text.getString(0).strip();
        }
    }

    /** Starts MPI once per process (it cannot restart after {@link #finish()}). */
    static synchronized void init() {
        if (flag(MPI_Initialized, "MPI_Initialized")) return;
        if (flag(MPI_Finalized, "MPI_Finalized")) {
            throw new IllegalStateException("MPI was finalized in this process and cannot start again: "
                    + "keep one process group open for the whole program");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment provided = arena.allocate(JAVA_INT);
            check("MPI_Init_thread", () -> (int) MPI_Init_thread.invokeExact(MemorySegment.NULL, MemorySegment.NULL,
                    MPI_THREAD_SERIALIZED, provided));
            if (provided.get(JAVA_INT, 0) < MPI_THREAD_SERIALIZED) {
                throw new IllegalStateException("MPI_Init_thread: this Open MPI provides thread level "
                        + provided.get(JAVA_INT, 0) + ", Ember needs MPI_THREAD_SERIALIZED (2)");
            }
        }
        check("MPI_Comm_set_errhandler", () -> (int) MPI_Comm_set_errhandler.invokeExact(COMM_WORLD, ERRORS_RETURN));
    }

    static boolean initialized() { return flag(MPI_Initialized, "MPI_Initialized"); }

    static boolean finalized() { return flag(MPI_Finalized, "MPI_Finalized"); }

    private static boolean flag(MethodHandle query, String call) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment flag = arena.allocate(JAVA_INT);
            check(call, () -> (int) query.invokeExact(flag));
            return flag.get(JAVA_INT, 0) != 0;
        }
    }

    static int rank() { return commQuery(MPI_Comm_rank, "MPI_Comm_rank"); }

    static int size() { return commQuery(MPI_Comm_size, "MPI_Comm_size"); }

    private static int commQuery(MethodHandle query, String call) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(JAVA_INT);
            check(call, () -> (int) query.invokeExact(COMM_WORLD, value));
            return value.get(JAVA_INT, 0);
        }
    }

    static void finish() { check("MPI_Finalize", () -> (int) MPI_Finalize.invokeExact()); }

    /** Ends every process of the job with {@code code} (mpirun kills the others); does not return when it works. */
    static void abort(int code) { check("MPI_Abort", () -> (int) MPI_Abort.invokeExact(COMM_WORLD, code)); }

    static void barrier() { check("MPI_Barrier", () -> (int) MPI_Barrier.invokeExact(COMM_WORLD)); }

    /** {@code buffer} (heap or native) holds {@code count} elements; they are reduced in place over all ranks. */
    static void allReduce(MemorySegment buffer, int count, MemorySegment type, MemorySegment op) {
        check("MPI_Allreduce", () -> (int) MPI_Allreduce.invokeExact(IN_PLACE, buffer, count, type, op, COMM_WORLD));
    }

    /**
     * Starts reducing the native {@code buffer} in place; {@code request} (an {@code MPI_Request}, native) is what
     * {@link #await} waits on. The buffer must not be touched until then.
     */
    static void startAllReduce(MemorySegment buffer, int count, MemorySegment type, MemorySegment op,
                               MemorySegment request) {
        check("MPI_Iallreduce", () -> (int) MPI_Iallreduce.invokeExact(IN_PLACE, buffer, count, type, op, COMM_WORLD,
                request));
    }

    static void await(MemorySegment request) {
        check("MPI_Wait", () -> (int) MPI_Wait.invokeExact(request, MemorySegment.NULL));   // MPI_STATUS_IGNORE
    }

    static void broadcast(MemorySegment buffer, int count, MemorySegment type, int root) {
        check("MPI_Bcast", () -> (int) MPI_Bcast.invokeExact(buffer, count, type, root, COMM_WORLD));
    }

    /** Each rank's {@code count} elements of {@code send}, in rank order, into every rank's {@code receive}. */
    static void allGather(MemorySegment send, MemorySegment receive, int count, MemorySegment type) {
        check("MPI_Allgather", () -> (int) MPI_Allgather.invokeExact(send, count, type, receive, count, type,
                COMM_WORLD));
    }

    /** {@code send} (size x {@code count}) reduced over the ranks; rank r gets block r in {@code receive}. */
    static void reduceScatter(MemorySegment send, MemorySegment receive, int count, MemorySegment type,
                              MemorySegment op) {
        check("MPI_Reduce_scatter_block", () -> (int) MPI_Reduce_scatter_block.invokeExact(send, receive, count, type,
                op, COMM_WORLD));
    }
}
