package dev.ember.distributed;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.ember.DType;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.List;

/**
 * NVIDIA's NCCL ({@code libnccl.so.2}, which PyTorch's CUDA wheels install as {@code nvidia/nccl/lib}) through
 * {@code java.lang.foreign}: one handle per C function, named after it, resolved when this class initialises, written
 * against {@code nccl.h} of NCCL 2.30 (checked by {@code NcclBindingTest} where the header is at hand). Collectives
 * take device addresses and a {@code cudaStream_t} and only queue work on that stream.
 *
 * <p>Which file: {@code -Dember.nccl.library=PATH} or {@code EMBER_NCCL_LIBRARY}, else {@code libnccl.so.2} through
 * the system loader ({@code LD_LIBRARY_PATH}). Every status goes through {@link #check}, which throws
 * {@link NcclException} naming the call and {@code ncclGetErrorString}'s text.
 *
 * <pre>{@code
 * MemorySegment id = Nccl.uniqueId(arena);              // on rank 0, then sent to every rank
 * long comm = Nccl.commInitRank(size, id, rank);
 * Nccl.allReduce(deviceAddress, count, Nccl.ncclFloat32, Nccl.ncclSum, comm, stream);
 * }</pre>
 */
final class Nccl {
    private Nccl() {}

    static final NativeLibrary LIBRARY = NcclLibrary.open();

    /** {@code NCCL_UNIQUE_ID_BYTES}: {@code ncclUniqueId} is a struct of 128 chars, passed by value. */
    static final int NCCL_UNIQUE_ID_BYTES = 128;
    static final MemoryLayout NCCL_UNIQUE_ID = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(NCCL_UNIQUE_ID_BYTES, JAVA_BYTE).withName("internal"));

    // ncclResult_t
    static final int ncclSuccess = 0;
    static final int ncclInProgress = 7;
    // ncclRedOp_t
    static final int ncclSum = 0;
    static final int ncclMax = 2;
    static final int ncclMin = 3;
    static final int ncclAvg = 4;
    // ncclDataType_t
    static final int ncclUint8 = 1;
    static final int ncclInt32 = 2;
    static final int ncclInt64 = 4;
    static final int ncclFloat16 = 6;
    static final int ncclFloat32 = 7;
    static final int ncclFloat64 = 8;
    static final int ncclBfloat16 = 9;

    /** Every C function bound here, as {@code nccl.h} names it. */
    static final List<String> FUNCTIONS = List.of("ncclGetVersion", "ncclGetUniqueId", "ncclCommInitRank",
            "ncclCommDestroy", "ncclCommAbort", "ncclGetErrorString", "ncclCommGetAsyncError", "ncclAllReduce",
            "ncclBroadcast", "ncclAllGather", "ncclReduceScatter", "ncclGroupStart", "ncclGroupEnd");

    // ncclResult_t ncclGetVersion(int *version)
    static final MethodHandle ncclGetVersion = LIBRARY.function("ncclGetVersion",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    // ncclResult_t ncclGetUniqueId(ncclUniqueId* uniqueId)
    static final MethodHandle ncclGetUniqueId = LIBRARY.function("ncclGetUniqueId",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    // ncclResult_t ncclCommInitRank(ncclComm_t* comm, int nranks, ncclUniqueId commId, int rank)
    static final MethodHandle ncclCommInitRank = LIBRARY.function("ncclCommInitRank",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, NCCL_UNIQUE_ID, JAVA_INT));
    // ncclResult_t ncclCommDestroy(ncclComm_t comm)
    static final MethodHandle ncclCommDestroy = LIBRARY.function("ncclCommDestroy",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    // ncclResult_t ncclCommAbort(ncclComm_t comm)
    static final MethodHandle ncclCommAbort = LIBRARY.function("ncclCommAbort",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    // const char* ncclGetErrorString(ncclResult_t result)
    static final MethodHandle ncclGetErrorString = LIBRARY.function("ncclGetErrorString",
            FunctionDescriptor.of(ADDRESS, JAVA_INT));
    // ncclResult_t ncclCommGetAsyncError(ncclComm_t comm, ncclResult_t *asyncError)
    static final MethodHandle ncclCommGetAsyncError = LIBRARY.function("ncclCommGetAsyncError",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    // ncclResult_t ncclAllReduce(const void* sendbuff, void* recvbuff, size_t count, ncclDataType_t datatype,
    //         ncclRedOp_t op, ncclComm_t comm, cudaStream_t stream)
    static final MethodHandle ncclAllReduce = LIBRARY.function("ncclAllReduce",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    // ncclResult_t ncclBroadcast(const void* sendbuff, void* recvbuff, size_t count, ncclDataType_t datatype,
    //         int root, ncclComm_t comm, cudaStream_t stream)
    static final MethodHandle ncclBroadcast = LIBRARY.function("ncclBroadcast",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    // ncclResult_t ncclAllGather(const void* sendbuff, void* recvbuff, size_t sendcount, ncclDataType_t datatype,
    //         ncclComm_t comm, cudaStream_t stream)
    static final MethodHandle ncclAllGather = LIBRARY.function("ncclAllGather",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS));
    // ncclResult_t ncclReduceScatter(const void* sendbuff, void* recvbuff, size_t recvcount,
    //         ncclDataType_t datatype, ncclRedOp_t op, ncclComm_t comm, cudaStream_t stream)
    static final MethodHandle ncclReduceScatter = LIBRARY.function("ncclReduceScatter",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    // ncclResult_t ncclGroupStart()
    static final MethodHandle ncclGroupStart = LIBRARY.function("ncclGroupStart", FunctionDescriptor.of(JAVA_INT));
    // ncclResult_t ncclGroupEnd()
    static final MethodHandle ncclGroupEnd = LIBRARY.function("ncclGroupEnd", FunctionDescriptor.of(JAVA_INT));

    /** Throws {@link NcclException} naming {@code call} and NCCL's text unless {@code result} is success. */
    static void check(String call, int result) {
        if (result != ncclSuccess) {
            throw new NcclException(call, result, call + " failed: ncclResult_t " + result + ": " + errorString(result));
        }
    }

    private static void check(String call, StatusCall nativeCall) {
        check(call, StatusCall.run(nativeCall));
    }

    /** NCCL's text for a result, e.g. {@code unhandled cuda error (run with NCCL_DEBUG=INFO for details)}. */
    @SuppressWarnings("restricted")
    static String errorString(int result) {
        try {
            MemorySegment text = (MemorySegment) ncclGetErrorString.invokeExact(result);
            return text.equals(MemorySegment.NULL) ? "(no text)" : text.reinterpret(Long.MAX_VALUE).getString(0);
        } catch (Throwable t) {
            throw NativeLibrary.propagate(t);
        }
    }

    /** NCCL's version as {@code ncclGetVersion} gives it: major * 10000 + minor * 100 + patch, e.g. 23007. */
    static int version() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment version = arena.allocate(JAVA_INT);
            check("ncclGetVersion", () -> (int) ncclGetVersion.invokeExact(version));
            return version.get(JAVA_INT, 0);
        }
    }

    /** A new unique id (rank 0 makes it; every rank passes the same bytes to {@link #commInitRank}). */
    static MemorySegment uniqueId(Arena arena) {
        MemorySegment id = arena.allocate(NCCL_UNIQUE_ID);
        check("ncclGetUniqueId", () -> (int) ncclGetUniqueId.invokeExact(id));
        return id;
    }

    /** A communicator for rank {@code rank} of {@code size} on the current CUDA device. */
    static MemorySegment commInitRank(int size, MemorySegment uniqueId, int rank) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment comm = arena.allocate(ADDRESS);
            check("ncclCommInitRank", () -> (int) ncclCommInitRank.invokeExact(comm, size, uniqueId, rank));
            return comm.get(ADDRESS, 0);
        }
    }

    static void commDestroy(MemorySegment comm) {
        check("ncclCommDestroy", () -> (int) ncclCommDestroy.invokeExact(comm));
    }

    static void commAbort(MemorySegment comm) {
        check("ncclCommAbort", () -> (int) ncclCommAbort.invokeExact(comm));
    }

    /** An error a communicator met in work queued earlier (a peer that failed), or {@code ncclSuccess}. */
    static int asyncError(MemorySegment comm) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment error = arena.allocate(JAVA_INT);
            check("ncclCommGetAsyncError", () -> (int) ncclCommGetAsyncError.invokeExact(comm, error));
            return error.get(JAVA_INT, 0);
        }
    }

    static void allReduce(MemorySegment send, MemorySegment receive, long count, int type, int op, MemorySegment comm,
                          MemorySegment stream) {
        check("ncclAllReduce", () -> (int) ncclAllReduce.invokeExact(send, receive, count, type, op, comm, stream));
    }

    static void broadcast(MemorySegment send, MemorySegment receive, long count, int type, int root, MemorySegment comm,
                          MemorySegment stream) {
        check("ncclBroadcast", () -> (int) ncclBroadcast.invokeExact(send, receive, count, type, root, comm, stream));
    }

    static void allGather(MemorySegment send, MemorySegment receive, long count, int type, MemorySegment comm,
                          MemorySegment stream) {
        check("ncclAllGather", () -> (int) ncclAllGather.invokeExact(send, receive, count, type, comm, stream));
    }

    static void reduceScatter(MemorySegment send, MemorySegment receive, long count, int type, int op,
                              MemorySegment comm, MemorySegment stream) {
        check("ncclReduceScatter", () -> (int) ncclReduceScatter.invokeExact(send, receive, count, type, op, comm,
                stream));
    }

    static void groupStart() { check("ncclGroupStart", () -> (int) ncclGroupStart.invokeExact()); }

    static void groupEnd() { check("ncclGroupEnd", () -> (int) ncclGroupEnd.invokeExact()); }

    /** {@code ncclDataType_t} of a dtype; bool travels as {@code ncclUint8} (CUDA storage keeps it in one byte). */
    static int type(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> ncclFloat32;
            case FLOAT64 -> ncclFloat64;
            case INT32 -> ncclInt32;
            case INT64 -> ncclInt64;
            case BOOL -> ncclUint8;
            case FLOAT16 -> ncclFloat16;
            case BFLOAT16 -> ncclBfloat16;
        };
    }
}
