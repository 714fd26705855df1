package dev.ember.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.ember.DType;
import dev.ember.backend.ConvGeometry;
import dev.ember.backend.PoolGeometry;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * cuDNN 9's legacy API through {@code java.lang.foreign}: one handle per C function, resolved when this class
 * initialises, and a small API on raw addresses ({@code long}: handles, descriptors, device memory) for the backend.
 * Descriptors are NCHW and fully packed. Scaling factors ({@code alpha}, {@code beta}) go from host memory, as float
 * for float32, float16 and bfloat16 data and double for float64 data, which is what cuDNN reads.
 *
 * <p>Every status goes through {@link #check}, which throws {@link CudaLibraryException} naming the call, the
 * status and cuDNN's own last error message. Initialising this class opens the library
 * ({@link NativeLibraries#cudnn()}); a missing library or function fails it with a {@link NativeLibraryException}.
 *
 * <pre>{@code
 * long handle = Cudnn.create(streamAddress);
 * long x = Cudnn.createTensor4d(DType.FLOAT32, 8, 3, 32, 32);
 * ...
 * Cudnn.destroyTensor(x);
 * Cudnn.destroy(handle);
 * }</pre>
 */
final class Cudnn {
    private Cudnn() {}

    private static final NativeLibrary LIBRARY = NativeLibraries.cudnn();

    static final int CUDNN_STATUS_SUCCESS = 0;
    static final int CUDNN_DATA_FLOAT = 0;
    static final int CUDNN_DATA_DOUBLE = 1;
    static final int CUDNN_DATA_HALF = 2;
    static final int CUDNN_DATA_BFLOAT16 = 9;
    static final int CUDNN_TENSOR_NCHW = 0;
    static final int CUDNN_CROSS_CORRELATION = 1;
    static final int CUDNN_PROPAGATE_NAN = 1;

    /** {@code cudnnMathType_t}. */
    public enum MathType {
        /** Allows TF32 tensor cores for float32 on A100 and newer. */
        DEFAULT(0),
        TENSOR_OP(1),
        TENSOR_OP_ALLOW_CONVERSION(2),
        /** Only FMA kernels: float32 stays float32, as on the CPU. */
        FMA(3);

        final int value;

        MathType(int value) { this.value = value; }

        /** The math type of {@code value}; empty for a value this binding does not name (a newer cuDNN's). */
        static Optional<MathType> find(int value) {
            for (MathType t : values()) if (t.value == value) return Optional.of(t);
            return Optional.empty();
        }

        static MathType of(int value) {
            return find(value).orElseThrow(() -> new IllegalArgumentException("unknown cudnnMathType_t " + value));
        }
    }

    /** {@code cudnnPoolingMode_t}. */
    public enum PoolingMode {
        MAX(0), AVERAGE_COUNT_INCLUDE_PADDING(1), AVERAGE_COUNT_EXCLUDE_PADDING(2), MAX_DETERMINISTIC(3);

        final int value;

        PoolingMode(int value) { this.value = value; }
    }

    /** {@code cudnnBatchNormMode_t}: per activation (1xCxHxW statistics) or spatial (1xCx1x1). */
    public enum BatchNormMode {
        PER_ACTIVATION(0), SPATIAL(1), SPATIAL_PERSISTENT(2);

        final int value;

        BatchNormMode(int value) { this.value = value; }
    }

    /**
     * One entry of a {@code cudnnConvolution{Fwd,BwdData,BwdFilter}AlgoPerf_t} array; the three structs have the same
     * layout, {@link #LAYOUT}. The math type is kept as cuDNN's raw {@code cudnnMathType_t} and named only when asked
     * ({@link #knownMathType}): entries that did not succeed may hold any value there, and a newer cuDNN may report a
     * math type this binding does not know, neither of which may stop a convolution from being planned.
     */
    public record AlgorithmResult(int algorithm, int status, float timeMs, long memory, int determinism,
                                  int mathType) {

        AlgorithmResult(int algorithm, int status, float timeMs, long memory, int determinism, MathType mathType) {
            this(algorithm, status, timeMs, memory, determinism, mathType.value);
        }

        boolean succeeded() {
            return status == CUDNN_STATUS_SUCCESS;
        }

        /** The math type by name; empty when this binding does not know the value. */
        Optional<MathType> knownMathType() {
            return MathType.find(mathType);
        }

        /**
         * {@code { int algo; cudnnStatus_t status; float time; size_t memory; cudnnDeterminism_t determinism;
         * cudnnMathType_t mathType; int reserved[3]; }}: 48 bytes, {@code memory} aligned to 8.
         */
        static final StructLayout LAYOUT = MemoryLayout.structLayout(
                JAVA_INT.withName("algo"), JAVA_INT.withName("status"), JAVA_FLOAT.withName("time"),
                MemoryLayout.paddingLayout(4), JAVA_LONG.withName("memory"), JAVA_INT.withName("determinism"),
                JAVA_INT.withName("mathType"), MemoryLayout.sequenceLayout(3, JAVA_INT).withName("reserved"),
                MemoryLayout.paddingLayout(4));

        private static long offset(String field) {
            return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement(field));
        }

        /** The {@code index}-th struct of an array. */
        static AlgorithmResult read(MemorySegment array, int index) {
            MemorySegment p = array.asSlice(index * LAYOUT.byteSize(), LAYOUT);
            return new AlgorithmResult(p.get(JAVA_INT, offset("algo")), p.get(JAVA_INT, offset("status")),
                    p.get(JAVA_FLOAT, offset("time")), p.get(JAVA_LONG, offset("memory")),
                    p.get(JAVA_INT, offset("determinism")), p.get(JAVA_INT, offset("mathType")));
        }
    }

    // --- libcudnn_graph: version, errors, handles
    // size_t cudnnGetVersion(void)
    static final MethodHandle cudnnGetVersion = fn("cudnnGetVersion", FunctionDescriptor.of(JAVA_LONG));
    // const char* cudnnGetErrorString(cudnnStatus_t status)
    static final MethodHandle cudnnGetErrorString = fn("cudnnGetErrorString", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    // void cudnnGetLastErrorString(char* message, size_t max_size)
    static final MethodHandle cudnnGetLastErrorString = fn("cudnnGetLastErrorString",
            FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG));
    // cudnnStatus_t cudnnCreate(cudnnHandle_t* handle)
    static final MethodHandle cudnnCreate = fn("cudnnCreate", status(ADDRESS));
    // cudnnStatus_t cudnnDestroy(cudnnHandle_t handle)
    static final MethodHandle cudnnDestroy = fn("cudnnDestroy", status(ADDRESS));
    // cudnnStatus_t cudnnSetStream(cudnnHandle_t handle, cudaStream_t streamId)
    static final MethodHandle cudnnSetStream = fn("cudnnSetStream", status(ADDRESS, ADDRESS));

    // --- libcudnn_ops: tensor and filter descriptors
    // cudnnStatus_t cudnnCreateTensorDescriptor(cudnnTensorDescriptor_t* tensorDesc)
    static final MethodHandle cudnnCreateTensorDescriptor = fn("cudnnCreateTensorDescriptor", status(ADDRESS));
    // cudnnStatus_t cudnnSetTensor4dDescriptor(desc, cudnnTensorFormat_t format, cudnnDataType_t dataType,
    //         int n, int c, int h, int w)
    static final MethodHandle cudnnSetTensor4dDescriptor = fn("cudnnSetTensor4dDescriptor",
            status(ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    // cudnnStatus_t cudnnSetTensorNdDescriptor(desc, cudnnDataType_t dataType, int nbDims, const int dimA[],
    //         const int strideA[])
    static final MethodHandle cudnnSetTensorNdDescriptor = fn("cudnnSetTensorNdDescriptor",
            status(ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    // cudnnStatus_t cudnnGetTensor4dDescriptor(desc, cudnnDataType_t* dataType, int* n, int* c, int* h, int* w,
    //         int* nStride, int* cStride, int* hStride, int* wStride)
    static final MethodHandle cudnnGetTensor4dDescriptor = fn("cudnnGetTensor4dDescriptor",
            status(ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    // cudnnStatus_t cudnnGetTensorSizeInBytes(const cudnnTensorDescriptor_t tensorDesc, size_t* size)
    static final MethodHandle cudnnGetTensorSizeInBytes = fn("cudnnGetTensorSizeInBytes", status(ADDRESS, ADDRESS));
    // cudnnStatus_t cudnnDestroyTensorDescriptor(cudnnTensorDescriptor_t tensorDesc)
    static final MethodHandle cudnnDestroyTensorDescriptor = fn("cudnnDestroyTensorDescriptor", status(ADDRESS));
    // cudnnStatus_t cudnnCreateFilterDescriptor(cudnnFilterDescriptor_t* filterDesc)
    static final MethodHandle cudnnCreateFilterDescriptor = fn("cudnnCreateFilterDescriptor", status(ADDRESS));
    // cudnnStatus_t cudnnSetFilter4dDescriptor(desc, cudnnDataType_t dataType, cudnnTensorFormat_t format,
    //         int k, int c, int h, int w)   -- data type before format, unlike the tensor call
    static final MethodHandle cudnnSetFilter4dDescriptor = fn("cudnnSetFilter4dDescriptor",
            status(ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    // cudnnStatus_t cudnnGetFilter4dDescriptor(desc, cudnnDataType_t* dataType, cudnnTensorFormat_t* format,
    //         int* k, int* c, int* h, int* w)
    static final MethodHandle cudnnGetFilter4dDescriptor = fn("cudnnGetFilter4dDescriptor",
            status(ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    // cudnnStatus_t cudnnDestroyFilterDescriptor(cudnnFilterDescriptor_t filterDesc)
    static final MethodHandle cudnnDestroyFilterDescriptor = fn("cudnnDestroyFilterDescriptor", status(ADDRESS));

    // --- libcudnn_cnn: convolutions
    // cudnnStatus_t cudnnCreateConvolutionDescriptor(cudnnConvolutionDescriptor_t* convDesc)
    static final MethodHandle cudnnCreateConvolutionDescriptor = fn("cudnnCreateConvolutionDescriptor",
            status(ADDRESS));
    // cudnnStatus_t cudnnSetConvolution2dDescriptor(convDesc, int pad_h, int pad_w, int u, int v,
    //         int dilation_h, int dilation_w, cudnnConvolutionMode_t mode, cudnnDataType_t computeType)
    static final MethodHandle cudnnSetConvolution2dDescriptor = fn("cudnnSetConvolution2dDescriptor",
            status(ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    // cudnnStatus_t cudnnGetConvolution2dDescriptor(convDesc, int* pad_h, int* pad_w, int* u, int* v,
    //         int* dilation_h, int* dilation_w, cudnnConvolutionMode_t* mode, cudnnDataType_t* computeType)
    static final MethodHandle cudnnGetConvolution2dDescriptor = fn("cudnnGetConvolution2dDescriptor",
            status(ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    // cudnnStatus_t cudnnSetConvolutionGroupCount(convDesc, int groupCount)
    static final MethodHandle cudnnSetConvolutionGroupCount = fn("cudnnSetConvolutionGroupCount",
            status(ADDRESS, JAVA_INT));
    // cudnnStatus_t cudnnGetConvolutionGroupCount(convDesc, int* groupCount)
    static final MethodHandle cudnnGetConvolutionGroupCount = fn("cudnnGetConvolutionGroupCount",
            status(ADDRESS, ADDRESS));
    // cudnnStatus_t cudnnSetConvolutionMathType(convDesc, cudnnMathType_t mathType)
    static final MethodHandle cudnnSetConvolutionMathType = fn("cudnnSetConvolutionMathType",
            status(ADDRESS, JAVA_INT));
    // cudnnStatus_t cudnnGetConvolutionMathType(convDesc, cudnnMathType_t* mathType)
    static final MethodHandle cudnnGetConvolutionMathType = fn("cudnnGetConvolutionMathType",
            status(ADDRESS, ADDRESS));
    // cudnnStatus_t cudnnGetConvolution2dForwardOutputDim(convDesc, inputTensorDesc, filterDesc,
    //         int* n, int* c, int* h, int* w)
    static final MethodHandle cudnnGetConvolution2dForwardOutputDim = fn("cudnnGetConvolution2dForwardOutputDim",
            status(ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    // cudnnStatus_t cudnnDestroyConvolutionDescriptor(cudnnConvolutionDescriptor_t convDesc)
    static final MethodHandle cudnnDestroyConvolutionDescriptor = fn("cudnnDestroyConvolutionDescriptor",
            status(ADDRESS));
    // cudnnStatus_t cudnnGetConvolution{Forward,BackwardData,BackwardFilter}AlgorithmMaxCount(handle, int* count)
    static final MethodHandle cudnnGetConvolutionForwardAlgorithmMaxCount =
            fn("cudnnGetConvolutionForwardAlgorithmMaxCount", status(ADDRESS, ADDRESS));
    static final MethodHandle cudnnGetConvolutionBackwardDataAlgorithmMaxCount =
            fn("cudnnGetConvolutionBackwardDataAlgorithmMaxCount", status(ADDRESS, ADDRESS));
    static final MethodHandle cudnnGetConvolutionBackwardFilterAlgorithmMaxCount =
            fn("cudnnGetConvolutionBackwardFilterAlgorithmMaxCount", status(ADDRESS, ADDRESS));
    // cudnnStatus_t cudnnGetConvolutionForwardAlgorithm_v7(handle, srcDesc, filterDesc, convDesc, destDesc,
    //         const int requestedAlgoCount, int* returnedAlgoCount, cudnnConvolutionFwdAlgoPerf_t* perfResults)
    static final MethodHandle cudnnGetConvolutionForwardAlgorithm_v7 = fn("cudnnGetConvolutionForwardAlgorithm_v7",
            status(ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
    // cudnnStatus_t cudnnGetConvolutionBackwardDataAlgorithm_v7(handle, filterDesc, diffDesc, convDesc, gradDesc,
    //         const int requestedAlgoCount, int* returnedAlgoCount, cudnnConvolutionBwdDataAlgoPerf_t* perfResults)
    static final MethodHandle cudnnGetConvolutionBackwardDataAlgorithm_v7 =
            fn("cudnnGetConvolutionBackwardDataAlgorithm_v7",
                    status(ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
    // cudnnStatus_t cudnnGetConvolutionBackwardFilterAlgorithm_v7(handle, srcDesc, diffDesc, convDesc, gradDesc,
    //         const int requestedAlgoCount, int* returnedAlgoCount, cudnnConvolutionBwdFilterAlgoPerf_t* perfResults)
    static final MethodHandle cudnnGetConvolutionBackwardFilterAlgorithm_v7 =
            fn("cudnnGetConvolutionBackwardFilterAlgorithm_v7",
                    status(ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
    // cudnnStatus_t cudnnGetConvolutionForwardWorkspaceSize(handle, xDesc, wDesc, convDesc, yDesc,
    //         cudnnConvolutionFwdAlgo_t algo, size_t* sizeInBytes)
    static final MethodHandle cudnnGetConvolutionForwardWorkspaceSize = fn("cudnnGetConvolutionForwardWorkspaceSize",
            status(ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS));
    // cudnnStatus_t cudnnGetConvolutionBackwardDataWorkspaceSize(handle, wDesc, dyDesc, convDesc, dxDesc,
    //         cudnnConvolutionBwdDataAlgo_t algo, size_t* sizeInBytes)
    static final MethodHandle cudnnGetConvolutionBackwardDataWorkspaceSize =
            fn("cudnnGetConvolutionBackwardDataWorkspaceSize",
                    status(ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS));
    // cudnnStatus_t cudnnGetConvolutionBackwardFilterWorkspaceSize(handle, xDesc, dyDesc, convDesc, gradDesc,
    //         cudnnConvolutionBwdFilterAlgo_t algo, size_t* sizeInBytes)
    static final MethodHandle cudnnGetConvolutionBackwardFilterWorkspaceSize =
            fn("cudnnGetConvolutionBackwardFilterWorkspaceSize",
                    status(ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS));
    // cudnnStatus_t cudnnConvolutionForward(handle, const void* alpha, xDesc, const void* x, wDesc, const void* w,
    //         convDesc, cudnnConvolutionFwdAlgo_t algo, void* workSpace, size_t workSpaceSizeInBytes,
    //         const void* beta, yDesc, void* y)
    static final MethodHandle cudnnConvolutionForward = fn("cudnnConvolutionForward", convolution());
    // cudnnStatus_t cudnnConvolutionBackwardData(handle, const void* alpha, wDesc, const void* w, dyDesc,
    //         const void* dy, convDesc, cudnnConvolutionBwdDataAlgo_t algo, void* workSpace,
    //         size_t workSpaceSizeInBytes, const void* beta, dxDesc, void* dx)
    static final MethodHandle cudnnConvolutionBackwardData = fn("cudnnConvolutionBackwardData", convolution());
    // cudnnStatus_t cudnnConvolutionBackwardFilter(handle, const void* alpha, xDesc, const void* x, dyDesc,
    //         const void* dy, convDesc, cudnnConvolutionBwdFilterAlgo_t algo, void* workSpace,
    //         size_t workSpaceSizeInBytes, const void* beta, dwDesc, void* dw)
    static final MethodHandle cudnnConvolutionBackwardFilter = fn("cudnnConvolutionBackwardFilter", convolution());

    // --- libcudnn_ops: pooling
    // cudnnStatus_t cudnnCreatePoolingDescriptor(cudnnPoolingDescriptor_t* poolingDesc)
    static final MethodHandle cudnnCreatePoolingDescriptor = fn("cudnnCreatePoolingDescriptor", status(ADDRESS));
    // cudnnStatus_t cudnnSetPooling2dDescriptor(poolingDesc, cudnnPoolingMode_t mode,
    //         cudnnNanPropagation_t maxpoolingNanOpt, int windowHeight, int windowWidth, int verticalPadding,
    //         int horizontalPadding, int verticalStride, int horizontalStride)
    static final MethodHandle cudnnSetPooling2dDescriptor = fn("cudnnSetPooling2dDescriptor",
            status(ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    // cudnnStatus_t cudnnGetPooling2dForwardOutputDim(poolingDesc, inputTensorDesc, int* n, int* c, int* h, int* w)
    static final MethodHandle cudnnGetPooling2dForwardOutputDim = fn("cudnnGetPooling2dForwardOutputDim",
            status(ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    // cudnnStatus_t cudnnDestroyPoolingDescriptor(cudnnPoolingDescriptor_t poolingDesc)
    static final MethodHandle cudnnDestroyPoolingDescriptor = fn("cudnnDestroyPoolingDescriptor", status(ADDRESS));
    // cudnnStatus_t cudnnPoolingForward(handle, poolingDesc, const void* alpha, xDesc, const void* x,
    //         const void* beta, yDesc, void* y)
    static final MethodHandle cudnnPoolingForward = fn("cudnnPoolingForward",
            status(ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    // cudnnStatus_t cudnnPoolingBackward(handle, poolingDesc, const void* alpha, yDesc, const void* y, dyDesc,
    //         const void* dy, xDesc, const void* x, const void* beta, dxDesc, void* dx)
    static final MethodHandle cudnnPoolingBackward = fn("cudnnPoolingBackward", status(ADDRESS, ADDRESS,
            ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));

    // --- libcudnn_ops: batch normalization
    // cudnnStatus_t cudnnDeriveBNTensorDescriptor(derivedBnDesc, xDesc, cudnnBatchNormMode_t mode)
    static final MethodHandle cudnnDeriveBNTensorDescriptor = fn("cudnnDeriveBNTensorDescriptor",
            status(ADDRESS, ADDRESS, JAVA_INT));
    // cudnnStatus_t cudnnBatchNormalizationForwardTraining(handle, cudnnBatchNormMode_t mode, const void* alpha,
    //         const void* beta, xDesc, const void* x, yDesc, void* y, bnScaleBiasMeanVarDesc, const void* bnScale,
    //         const void* bnBias, double exponentialAverageFactor, void* resultRunningMean,
    //         void* resultRunningVariance, double epsilon, void* resultSaveMean, void* resultSaveInvVariance)
    static final MethodHandle cudnnBatchNormalizationForwardTraining = fn("cudnnBatchNormalizationForwardTraining",
            status(ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS,
                    ADDRESS, JAVA_DOUBLE, ADDRESS, ADDRESS, JAVA_DOUBLE, ADDRESS, ADDRESS));
    // cudnnStatus_t cudnnBatchNormalizationForwardInference(handle, cudnnBatchNormMode_t mode, const void* alpha,
    //         const void* beta, xDesc, const void* x, yDesc, void* y, bnScaleBiasMeanVarDesc,
    //         const void* bnScale, const void* bnBias, const void* estimatedMean, const void* estimatedVariance,
    //         double epsilon)
    static final MethodHandle cudnnBatchNormalizationForwardInference = fn("cudnnBatchNormalizationForwardInference",
            status(ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS,
                    ADDRESS, ADDRESS, ADDRESS, JAVA_DOUBLE));
    // cudnnStatus_t cudnnBatchNormalizationBackward(handle, cudnnBatchNormMode_t mode, const void* alphaDataDiff,
    //         const void* betaDataDiff, const void* alphaParamDiff, const void* betaParamDiff, xDesc,
    //         const void* x, dyDesc, const void* dy, dxDesc, void* dx, dBnScaleBiasDesc, const void* bnScale,
    //         void* dBnScaleResult, void* dBnBiasResult, double epsilon, const void* savedMean,
    //         const void* savedInvVariance)
    static final MethodHandle cudnnBatchNormalizationBackward = fn("cudnnBatchNormalizationBackward",
            status(ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS,
                    ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_DOUBLE, ADDRESS, ADDRESS));

    private static MethodHandle fn(String name, FunctionDescriptor descriptor) {
        return LIBRARY.function(name, descriptor);
    }

    private static FunctionDescriptor status(MemoryLayout... arguments) {
        return FunctionDescriptor.of(JAVA_INT, arguments);
    }

    private static FunctionDescriptor convolution() {
        return status(ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG,
                ADDRESS, ADDRESS, ADDRESS);
    }

    /** The library this class is bound to. */
    public static NativeLibrary library() {
        return LIBRARY;
    }

    // --- status

    /** Throws {@link CudaLibraryException} naming {@code call} and the status unless {@code status} is success. */
    static void check(String call, int status) {
        if (status != CUDNN_STATUS_SUCCESS) throw failure(call, "", status);
    }

    private static void check(String call, StatusCall nativeCall) {
        check(call, StatusCall.run(nativeCall));
    }

    private static CudaLibraryException failure(String call, String arguments, int status) {
        String name = errorString(status);
        String detail = lastErrorString();
        return new CudaLibraryException(call, status, name, call + arguments + " failed: " + name + " (" + status
                + ")" + (detail.isEmpty() ? "" : ": " + detail));
    }

    /** cuDNN's text for a status, which is its C name, e.g. {@code CUDNN_STATUS_NOT_INITIALIZED}. */
    public static String errorString(int status) {
        try {
            return Cublas.string((MemorySegment) cudnnGetErrorString.invokeExact(status));
        } catch (Throwable t) {
            throw NativeLibrary.propagate(t);
        }
    }

    /** The message cuDNN kept for the last error on this thread (empty when none); reading it clears it. */
    static String lastErrorString() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(JAVA_BYTE, 1024);
            cudnnGetLastErrorString.invokeExact(buffer, buffer.byteSize());
            return buffer.getString(0).strip();
        } catch (Throwable t) {
            throw NativeLibrary.propagate(t);
        }
    }

    /** The library's version, {@code major * 10000 + minor * 100 + patch} for cuDNN 9 (e.g. {@code 92400}). */
    public static long version() {
        try {
            return (long) cudnnGetVersion.invokeExact();
        } catch (Throwable t) {
            throw NativeLibrary.propagate(t);
        }
    }

    /**
     * The CUDA version cuDNN was built for, {@code major * 1000 + minor * 10} ({@code cudnnGetCudartVersion}, e.g.
     * {@code 13000}); resolved here so that its absence fails only this call.
     */
    static long cudartVersion() {
        MethodHandle cudnnGetCudartVersion = LIBRARY.function("cudnnGetCudartVersion", FunctionDescriptor.of(JAVA_LONG));
        try {
            return (long) cudnnGetCudartVersion.invokeExact();
        } catch (Throwable t) {
            throw NativeLibrary.propagate(t);
        }
    }

    static int dataType(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> CUDNN_DATA_FLOAT;
            case FLOAT64 -> CUDNN_DATA_DOUBLE;
            case FLOAT16 -> CUDNN_DATA_HALF;
            case BFLOAT16 -> CUDNN_DATA_BFLOAT16;
            default -> throw new IllegalArgumentException("cuDNN is used for float32, float64, float16 and bfloat16 "
                    + "only, got " + dtype);
        };
    }

    /** A scaling factor in host memory, of the type cuDNN reads for {@code dtype} data (float for the half types). */
    static MemorySegment scalar(Arena arena, DType dtype, double value) {
        return dtype == DType.FLOAT64 ? arena.allocateFrom(JAVA_DOUBLE, value)
                : arena.allocateFrom(JAVA_FLOAT, (float) value);
    }

    private static MemorySegment pointer(long address) {
        return MemorySegment.ofAddress(address);
    }

    /** Runs {@code create} (a {@code cudnnCreate*(T* out)} call) and returns what it wrote. */
    private static long created(String call, MethodHandle create) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            check(call, () -> (int) create.invokeExact(out));
            return out.get(ADDRESS, 0).address();
        }
    }

    private static void destroyed(String call, MethodHandle destroy, long object) {
        check(call, () -> (int) destroy.invokeExact(pointer(object)));
    }

    private static int[] ints(MemorySegment values) {
        return values.toArray(JAVA_INT);
    }

    // --- handles

    /** A new cuDNN handle whose work goes to {@code stream} (a {@code CUstream}'s address; 0 is the default stream). */
    public static long create(long stream) {
        long handle = created("cudnnCreate", cudnnCreate);
        try {
            setStream(handle, stream);
        } catch (RuntimeException e) {
            try {
                destroy(handle);
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return handle;
    }

    public static void destroy(long handle) {
        destroyed("cudnnDestroy", cudnnDestroy, handle);
    }

    public static void setStream(long handle, long stream) {
        check("cudnnSetStream", () -> (int) cudnnSetStream.invokeExact(pointer(handle), pointer(stream)));
    }

    // --- tensors and filters

    /** A packed NCHW tensor descriptor. */
    public static long createTensor4d(DType dtype, int n, int c, int h, int w) {
        long desc = created("cudnnCreateTensorDescriptor", cudnnCreateTensorDescriptor);
        int type = dataType(dtype);
        try {
            int status = StatusCall.run(() -> (int) cudnnSetTensor4dDescriptor.invokeExact(pointer(desc),
                    CUDNN_TENSOR_NCHW, type, n, c, h, w));
            if (status != CUDNN_STATUS_SUCCESS) {
                throw failure("cudnnSetTensor4dDescriptor", "(" + dtype + " NCHW [" + n + ", " + c + ", " + h
                        + ", " + w + "])", status);
            }
        } catch (RuntimeException e) {
            destroyTensor(desc);
            throw e;
        }
        return desc;
    }

    /** A tensor descriptor of any rank from 3 to 8 (cuDNN's range) with explicit strides, in elements. */
    public static long createTensor(DType dtype, int[] dims, int[] strides) {
        if (dims.length != strides.length) {
            throw new IllegalArgumentException("dims " + java.util.Arrays.toString(dims) + " and strides "
                    + java.util.Arrays.toString(strides) + " differ in length");
        }
        long desc = created("cudnnCreateTensorDescriptor", cudnnCreateTensorDescriptor);
        int type = dataType(dtype);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment d = arena.allocateFrom(JAVA_INT, dims), s = arena.allocateFrom(JAVA_INT, strides);
            int status = StatusCall.run(() -> (int) cudnnSetTensorNdDescriptor.invokeExact(pointer(desc), type,
                    dims.length, d, s));
            if (status != CUDNN_STATUS_SUCCESS) {
                throw failure("cudnnSetTensorNdDescriptor", "(" + dtype + " dims " + java.util.Arrays.toString(dims)
                        + " strides " + java.util.Arrays.toString(strides) + ")", status);
            }
        } catch (RuntimeException e) {
            destroyTensor(desc);
            throw e;
        }
        return desc;
    }

    /** What a 4-d tensor descriptor holds: {@code {dataType, n, c, h, w, nStride, cStride, hStride, wStride}}. */
    static int[] tensor4d(long desc) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(JAVA_INT, 9);
            check("cudnnGetTensor4dDescriptor", () -> (int) cudnnGetTensor4dDescriptor.invokeExact(pointer(desc),
                    v, v.asSlice(4), v.asSlice(8), v.asSlice(12), v.asSlice(16), v.asSlice(20), v.asSlice(24),
                    v.asSlice(28), v.asSlice(32)));
            return ints(v);
        }
    }

    /** The bytes a tensor descriptor's elements span, from cuDNN's own element size for its data type. */
    static long tensorBytes(long desc) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(JAVA_LONG);
            check("cudnnGetTensorSizeInBytes", () -> (int) cudnnGetTensorSizeInBytes.invokeExact(pointer(desc), v));
            return v.get(JAVA_LONG, 0);
        }
    }

    public static void destroyTensor(long desc) {
        destroyed("cudnnDestroyTensorDescriptor", cudnnDestroyTensorDescriptor, desc);
    }

    /** An NCHW filter descriptor: {@code k} output channels, {@code c} input channels per group, {@code h x w}. */
    public static long createFilter4d(DType dtype, int k, int c, int h, int w) {
        long desc = created("cudnnCreateFilterDescriptor", cudnnCreateFilterDescriptor);
        int type = dataType(dtype);
        try {
            int status = StatusCall.run(() -> (int) cudnnSetFilter4dDescriptor.invokeExact(pointer(desc), type,
                    CUDNN_TENSOR_NCHW, k, c, h, w));
            if (status != CUDNN_STATUS_SUCCESS) {
                throw failure("cudnnSetFilter4dDescriptor", "(" + dtype + " NCHW [" + k + ", " + c + ", " + h
                        + ", " + w + "])", status);
            }
        } catch (RuntimeException e) {
            destroyFilter(desc);
            throw e;
        }
        return desc;
    }

    /** What a 4-d filter descriptor holds: {@code {dataType, format, k, c, h, w}}. */
    static int[] filter4d(long desc) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(JAVA_INT, 6);
            check("cudnnGetFilter4dDescriptor", () -> (int) cudnnGetFilter4dDescriptor.invokeExact(pointer(desc),
                    v, v.asSlice(4), v.asSlice(8), v.asSlice(12), v.asSlice(16), v.asSlice(20)));
            return ints(v);
        }
    }

    public static void destroyFilter(long desc) {
        destroyed("cudnnDestroyFilterDescriptor", cudnnDestroyFilterDescriptor, desc);
    }

    // --- convolutions

    /**
     * A 2-d cross-correlation (what deep learning calls convolution) with {@code g}'s padding, stride, dilation and
     * groups, accumulating in {@code computeType} (float32 for float16 and bfloat16 data: cuDNN's PSEUDO_HALF and
     * PSEUDO_BFLOAT16 configurations), restricted to {@code mathType}.
     */
    public static long createConvolution2d(ConvGeometry g, DType computeType, MathType mathType) {
        long desc = created("cudnnCreateConvolutionDescriptor", cudnnCreateConvolutionDescriptor);
        int type = dataType(computeType);
        try {
            int status = StatusCall.run(() -> (int) cudnnSetConvolution2dDescriptor.invokeExact(pointer(desc),
                    g.padH(), g.padW(), g.strideH(), g.strideW(), g.dilationH(), g.dilationW(),
                    CUDNN_CROSS_CORRELATION, type));
            if (status != CUDNN_STATUS_SUCCESS) {
                throw failure("cudnnSetConvolution2dDescriptor", "(" + g + ", " + computeType + ")", status);
            }
            check("cudnnSetConvolutionGroupCount",
                    () -> (int) cudnnSetConvolutionGroupCount.invokeExact(pointer(desc), g.groups()));
            setConvolutionMathType(desc, mathType);
        } catch (RuntimeException e) {
            destroyConvolution(desc);
            throw e;
        }
        return desc;
    }

    public static void setConvolutionMathType(long conv, MathType mathType) {
        check("cudnnSetConvolutionMathType",
                () -> (int) cudnnSetConvolutionMathType.invokeExact(pointer(conv), mathType.value));
    }

    static MathType convolutionMathType(long conv) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(JAVA_INT);
            check("cudnnGetConvolutionMathType", () -> (int) cudnnGetConvolutionMathType.invokeExact(pointer(conv), v));
            return MathType.of(v.get(JAVA_INT, 0));
        }
    }

    /**
     * What a 2-d convolution descriptor holds:
     * {@code {padH, padW, strideH, strideW, dilationH, dilationW, mode, computeType, groups}}.
     */
    static int[] convolution2d(long conv) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(JAVA_INT, 9);
            check("cudnnGetConvolution2dDescriptor", () -> (int) cudnnGetConvolution2dDescriptor.invokeExact(
                    pointer(conv), v, v.asSlice(4), v.asSlice(8), v.asSlice(12), v.asSlice(16), v.asSlice(20),
                    v.asSlice(24), v.asSlice(28)));
            check("cudnnGetConvolutionGroupCount",
                    () -> (int) cudnnGetConvolutionGroupCount.invokeExact(pointer(conv), v.asSlice(32)));
            return ints(v);
        }
    }

    /** The {@code [n, c, h, w]} cuDNN computes for the output of {@code conv} on {@code x} with filter {@code w}. */
    public static int[] convolution2dForwardOutputDim(long conv, long x, long w) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(JAVA_INT, 4);
            check("cudnnGetConvolution2dForwardOutputDim", () -> (int) cudnnGetConvolution2dForwardOutputDim
                    .invokeExact(pointer(conv), pointer(x), pointer(w), v, v.asSlice(4), v.asSlice(8), v.asSlice(12)));
            return ints(v);
        }
    }

    public static void destroyConvolution(long conv) {
        destroyed("cudnnDestroyConvolutionDescriptor", cudnnDestroyConvolutionDescriptor, conv);
    }

    private static int maxCount(String call, MethodHandle function, long handle) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(JAVA_INT);
            check(call, () -> (int) function.invokeExact(pointer(handle), v));
            return v.get(JAVA_INT, 0);
        }
    }

    /** cuDNN's heuristic ranking of forward algorithms for these descriptors, best first (needs a GPU). */
    public static List<AlgorithmResult> forwardAlgorithms(long handle, long x, long w, long conv, long y) {
        return algorithms("cudnnGetConvolutionForwardAlgorithm_v7", cudnnGetConvolutionForwardAlgorithm_v7,
                maxCount("cudnnGetConvolutionForwardAlgorithmMaxCount", cudnnGetConvolutionForwardAlgorithmMaxCount,
                        handle), handle, x, w, conv, y);
    }

    /** The same for the gradient with respect to the input: filter {@code w}, {@code dy}, {@code dx}. */
    public static List<AlgorithmResult> backwardDataAlgorithms(long handle, long w, long dy, long conv, long dx) {
        return algorithms("cudnnGetConvolutionBackwardDataAlgorithm_v7", cudnnGetConvolutionBackwardDataAlgorithm_v7,
                maxCount("cudnnGetConvolutionBackwardDataAlgorithmMaxCount",
                        cudnnGetConvolutionBackwardDataAlgorithmMaxCount, handle), handle, w, dy, conv, dx);
    }

    /** The same for the gradient with respect to the filter: {@code x}, {@code dy}, filter {@code dw}. */
    public static List<AlgorithmResult> backwardFilterAlgorithms(long handle, long x, long dy, long conv, long dw) {
        return algorithms("cudnnGetConvolutionBackwardFilterAlgorithm_v7",
                cudnnGetConvolutionBackwardFilterAlgorithm_v7,
                maxCount("cudnnGetConvolutionBackwardFilterAlgorithmMaxCount",
                        cudnnGetConvolutionBackwardFilterAlgorithmMaxCount, handle), handle, x, dy, conv, dw);
    }

    private static List<AlgorithmResult> algorithms(String call, MethodHandle function, int requested, long handle,
                                                    long a, long b, long conv, long c) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment returned = arena.allocate(JAVA_INT);
            MemorySegment perf = arena.allocate(AlgorithmResult.LAYOUT, Math.max(requested, 1));
            check(call, () -> (int) function.invokeExact(pointer(handle), pointer(a), pointer(b), pointer(conv),
                    pointer(c), requested, returned, perf));
            var results = new ArrayList<AlgorithmResult>();
            for (int i = 0; i < returned.get(JAVA_INT, 0); i++) results.add(AlgorithmResult.read(perf, i));
            return results;
        }
    }

    private static long workspaceSize(String call, MethodHandle function, long handle, long a, long b, long conv,
                                      long c, int algorithm) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment size = arena.allocate(JAVA_LONG);
            check(call, () -> (int) function.invokeExact(pointer(handle), pointer(a), pointer(b), pointer(conv),
                    pointer(c), algorithm, size));
            return size.get(JAVA_LONG, 0);
        }
    }

    public static long forwardWorkspaceSize(long handle, long x, long w, long conv, long y, int algorithm) {
        return workspaceSize("cudnnGetConvolutionForwardWorkspaceSize", cudnnGetConvolutionForwardWorkspaceSize,
                handle, x, w, conv, y, algorithm);
    }

    public static long backwardDataWorkspaceSize(long handle, long w, long dy, long conv, long dx, int algorithm) {
        return workspaceSize("cudnnGetConvolutionBackwardDataWorkspaceSize",
                cudnnGetConvolutionBackwardDataWorkspaceSize, handle, w, dy, conv, dx, algorithm);
    }

    public static long backwardFilterWorkspaceSize(long handle, long x, long dy, long conv, long dw, int algorithm) {
        return workspaceSize("cudnnGetConvolutionBackwardFilterWorkspaceSize",
                cudnnGetConvolutionBackwardFilterWorkspaceSize, handle, x, dy, conv, dw, algorithm);
    }

    /**
     * The shared shape of the three convolution calls: {@code out = alpha * op(in1, in2) + beta * out}, where
     * (in1, in2, out) is (x, w, y) forward, (w, dy, dx) backward-data and (x, dy, dw) backward-filter.
     */
    private static void convolve(String call, MethodHandle function, long handle, DType dtype, double alpha,
                                 long in1Desc, long in1, long in2Desc, long in2, long conv, int algorithm,
                                 long workspace, long workspaceBytes, double beta, long outDesc, long out) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = scalar(arena, dtype, alpha), b = scalar(arena, dtype, beta);
            check(call, () -> (int) function.invokeExact(pointer(handle), a, pointer(in1Desc), pointer(in1),
                    pointer(in2Desc), pointer(in2), pointer(conv), algorithm, pointer(workspace), workspaceBytes,
                    b, pointer(outDesc), pointer(out)));
        }
    }

    /** {@code y = alpha * conv(x, w) + beta * y}. */
    public static void convolutionForward(long handle, DType dtype, double alpha, long xDesc, long x, long wDesc,
                                          long w, long conv, int algorithm, long workspace, long workspaceBytes,
                                          double beta, long yDesc, long y) {
        convolve("cudnnConvolutionForward", cudnnConvolutionForward, handle, dtype, alpha, xDesc, x, wDesc, w, conv,
                algorithm, workspace, workspaceBytes, beta, yDesc, y);
    }

    /** {@code dx = alpha * (gradient of conv with respect to x)(w, dy) + beta * dx}. */
    public static void convolutionBackwardData(long handle, DType dtype, double alpha, long wDesc, long w,
                                               long dyDesc, long dy, long conv, int algorithm, long workspace,
                                               long workspaceBytes, double beta, long dxDesc, long dx) {
        convolve("cudnnConvolutionBackwardData", cudnnConvolutionBackwardData, handle, dtype, alpha, wDesc, w,
                dyDesc, dy, conv, algorithm, workspace, workspaceBytes, beta, dxDesc, dx);
    }

    /** {@code dw = alpha * (gradient of conv with respect to w)(x, dy) + beta * dw}. */
    public static void convolutionBackwardFilter(long handle, DType dtype, double alpha, long xDesc, long x,
                                                 long dyDesc, long dy, long conv, int algorithm, long workspace,
                                                 long workspaceBytes, double beta, long dwDesc, long dw) {
        convolve("cudnnConvolutionBackwardFilter", cudnnConvolutionBackwardFilter, handle, dtype, alpha, xDesc, x,
                dyDesc, dy, conv, algorithm, workspace, workspaceBytes, beta, dwDesc, dw);
    }

    // --- pooling

    /** A 2-d pooling descriptor for {@code g}; NaN propagates through max pooling, as on the CPU. */
    public static long createPooling2d(PoolingMode mode, PoolGeometry g) {
        long desc = created("cudnnCreatePoolingDescriptor", cudnnCreatePoolingDescriptor);
        try {
            check("cudnnSetPooling2dDescriptor", () -> (int) cudnnSetPooling2dDescriptor.invokeExact(pointer(desc),
                    mode.value, CUDNN_PROPAGATE_NAN, g.kernelH(), g.kernelW(), g.padH(), g.padW(), g.strideH(),
                    g.strideW()));
        } catch (RuntimeException e) {
            destroyPooling(desc);
            throw e;
        }
        return desc;
    }

    /** The {@code [n, c, h, w]} cuDNN computes for the output of {@code pool} on {@code x}. */
    public static int[] pooling2dForwardOutputDim(long pool, long x) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(JAVA_INT, 4);
            check("cudnnGetPooling2dForwardOutputDim", () -> (int) cudnnGetPooling2dForwardOutputDim.invokeExact(
                    pointer(pool), pointer(x), v, v.asSlice(4), v.asSlice(8), v.asSlice(12)));
            return ints(v);
        }
    }

    public static void destroyPooling(long pool) {
        destroyed("cudnnDestroyPoolingDescriptor", cudnnDestroyPoolingDescriptor, pool);
    }

    /** {@code y = alpha * pool(x) + beta * y}. */
    public static void poolingForward(long handle, long pool, DType dtype, double alpha, long xDesc, long x,
                                      double beta, long yDesc, long y) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = scalar(arena, dtype, alpha), b = scalar(arena, dtype, beta);
            check("cudnnPoolingForward", () -> (int) cudnnPoolingForward.invokeExact(pointer(handle), pointer(pool),
                    a, pointer(xDesc), pointer(x), b, pointer(yDesc), pointer(y)));
        }
    }

    /** {@code dx = alpha * (gradient of pool)(y, dy, x) + beta * dx}. */
    public static void poolingBackward(long handle, long pool, DType dtype, double alpha, long yDesc, long y,
                                       long dyDesc, long dy, long xDesc, long x, double beta, long dxDesc, long dx) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = scalar(arena, dtype, alpha), b = scalar(arena, dtype, beta);
            check("cudnnPoolingBackward", () -> (int) cudnnPoolingBackward.invokeExact(pointer(handle),
                    pointer(pool), a, pointer(yDesc), pointer(y), pointer(dyDesc), pointer(dy), pointer(xDesc),
                    pointer(x), b, pointer(dxDesc), pointer(dx)));
        }
    }

    // --- batch normalization

    /** Sets {@code derived} to the descriptor of the scale, bias, mean and variance tensors for {@code x} in {@code mode}. */
    public static void deriveBatchNormDescriptor(long derived, long xDesc, BatchNormMode mode) {
        check("cudnnDeriveBNTensorDescriptor", () -> (int) cudnnDeriveBNTensorDescriptor.invokeExact(
                pointer(derived), pointer(xDesc), mode.value));
    }

    /**
     * Training-mode batch norm: {@code y = alpha * BN(x) + beta * y}, updating the running statistics with
     * {@code factor} and saving the batch mean and inverse standard deviation (either may be 0 to skip).
     */
    public static void batchNormForwardTraining(long handle, BatchNormMode mode, DType dtype, double alpha,
                                                double beta, long xDesc, long x, long yDesc, long y, long bnDesc,
                                                long scale, long bias, double factor, long runningMean,
                                                long runningVariance, double epsilon, long saveMean,
                                                long saveInvVariance) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = scalar(arena, dtype, alpha), b = scalar(arena, dtype, beta);
            check("cudnnBatchNormalizationForwardTraining", () -> (int) cudnnBatchNormalizationForwardTraining
                    .invokeExact(pointer(handle), mode.value, a, b, pointer(xDesc), pointer(x), pointer(yDesc),
                            pointer(y), pointer(bnDesc), pointer(scale), pointer(bias), factor, pointer(runningMean),
                            pointer(runningVariance), epsilon, pointer(saveMean), pointer(saveInvVariance)));
        }
    }

    /** Inference-mode batch norm with the given mean and variance: {@code y = alpha * BN(x) + beta * y}. */
    public static void batchNormForwardInference(long handle, BatchNormMode mode, DType dtype, double alpha,
                                                 double beta, long xDesc, long x, long yDesc, long y, long bnDesc,
                                                 long scale, long bias, long mean, long variance, double epsilon) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = scalar(arena, dtype, alpha), b = scalar(arena, dtype, beta);
            check("cudnnBatchNormalizationForwardInference", () -> (int) cudnnBatchNormalizationForwardInference
                    .invokeExact(pointer(handle), mode.value, a, b, pointer(xDesc), pointer(x), pointer(yDesc),
                            pointer(y), pointer(bnDesc), pointer(scale), pointer(bias), pointer(mean),
                            pointer(variance), epsilon));
        }
    }

    /**
     * Batch norm's backward pass: {@code dx}, {@code dScale} and {@code dBias} from {@code x} and {@code dy}, with
     * the statistics saved by the training forward pass (0 and 0 to recompute them). Each result is blended as
     * {@code alpha * gradient + beta * old}, with (alphaData, betaData) for dx and (alphaParam, betaParam) for the
     * parameters.
     */
    public static void batchNormBackward(long handle, BatchNormMode mode, DType dtype, double alphaData,
                                         double betaData, double alphaParam, double betaParam, long xDesc, long x,
                                         long dyDesc, long dy, long dxDesc, long dx, long bnDesc, long scale,
                                         long dScale, long dBias, double epsilon, long savedMean,
                                         long savedInvVariance) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ad = scalar(arena, dtype, alphaData), bd = scalar(arena, dtype, betaData);
            MemorySegment ap = scalar(arena, dtype, alphaParam), bp = scalar(arena, dtype, betaParam);
            check("cudnnBatchNormalizationBackward", () -> (int) cudnnBatchNormalizationBackward.invokeExact(
                    pointer(handle), mode.value, ad, bd, ap, bp, pointer(xDesc), pointer(x), pointer(dyDesc),
                    pointer(dy), pointer(dxDesc), pointer(dx), pointer(bnDesc), pointer(scale), pointer(dScale),
                    pointer(dBias), epsilon, pointer(savedMean), pointer(savedInvVariance)));
        }
    }
}
