package dev.ember.backend;

import dev.ember.DType;
import dev.ember.Device;

/**
 * The kernels a device must run. Narrow on purpose: the op is a parameter, every operand comes with an explicit
 * {@link Layout}, and nothing here knows about autograd, broadcasting rules or type promotion (the engine has
 * already applied them). Output layouts are always contiguous with offset 0 unless stated otherwise; input
 * layouts may be any strides, including 0 (broadcast).
 *
 * <p>Sizes are 64-bit: element counts, offsets and strides are {@code long} here and in {@link Layout}, so a storage
 * may hold more than 2^31 elements. A kernel that indexes in 32 bits refuses such an operand naming the op, its shape
 * and its element count, before it runs (the CPU backend's fill, copy, sum and element reads take any size).
 *
 * <p>Outputs: every kernel below writes every element of its output (its {@code out}, {@code dx}, {@code dw},
 * {@code indices}), whatever that storage held before, so an output comes from {@link #allocate} and costs no zero
 * fill; this holds for empty reductions (SUM writes 0, PROD 1) and for an inner size of 0 in {@link #matmul} too.
 * Only {@link #matmul} with {@code accumulate}, {@link #scatter} (in place on {@code dst}) and {@link #copy} or
 * {@link #fill} of a strided part read or keep what the storage holds; a caller that needs zeros there asks for
 * {@link #zeros}. For example, {@code zeros(shape).scatterAdd(dim, index, src)}:
 * <pre>{@code
 * Storage out = backend.zeros(DType.FLOAT32, n);    // scatter adds onto it: must start at 0
 * backend.scatter(ScatterMode.ADD, out, outLayout, dim, index, indexLayout, src, srcLayout);
 * Storage sum = backend.allocate(DType.FLOAT32, m); // the reduction writes all of it
 * backend.reduce(ReduceOp.SUM, x, xLayout, dims, sum, sumLayout);
 * }</pre>
 */
public interface Backend {

    Device device();

    /**
     * The native stream this backend queues its work on ({@code cudaStream_t}), for a library that must run in order
     * with it (NCCL); {@code NULL} for a backend that runs each op before it returns (the CPU).
     */
    default java.lang.foreign.MemorySegment stream() { return java.lang.foreign.MemorySegment.NULL; }

    /**
     * A storage of {@code size} elements whose contents are unspecified: a kernel's output, which the kernel writes
     * completely. On a GPU this is only an allocation, no fill; the CPU's Java arrays happen to be zero, but a
     * caller must not count on that (the CPU backend's {@code -Dember.debug.poison=true} fills them with NaN,
     * integer maxima and {@code true} to catch one that does).
     */
    Storage allocate(DType dtype, long size);

    /** A zero-filled storage of {@code size} elements: for targets that a kernel adds onto or writes in part. */
    Storage zeros(DType dtype, long size);

    /**
     * A storage holding a copy of a Java array: {@code float[]}, {@code double[]}, {@code int[]}, {@code long[]},
     * {@code boolean[]}, {@code short[]} (float16 bits) or {@code char[]} (bfloat16 bits).
     */
    Storage fromArray(Object array);

    /**
     * The elements of {@code layout} in row-major order, as a new Java array of the storage's element type (for the
     * half types, their bits as {@link #fromArray} takes them).
     */
    Object toArray(Storage storage, Layout layout);

    /** Copies elements of the same shape, converting the dtype when the storages differ; {@code dst} may be strided. */
    void copy(Storage src, Layout srcLayout, Storage dst, Layout dstLayout);

    /** Sets every element of the (possibly strided) {@code layout} to {@code value}. */
    void fill(Storage dst, Layout layout, double value);

    /** {@code out = op(x)}; {@code x} and {@code out} have the same dtype except for {@code LOGICAL_NOT} (bool out). */
    void unary(UnaryOp op, double param, Storage x, Layout xLayout, Storage out, Layout outLayout);

    /** {@code out = op(a, b)} with {@code a}, {@code b} already broadcast to {@code out}'s shape and of one dtype. */
    void binary(BinaryOp op, Storage a, Layout aLayout, Storage b, Layout bLayout, Storage out, Layout outLayout);

    /** {@code out = cond ? a : b}, all broadcast to {@code out}'s shape; {@code cond} is bool. */
    void where(Storage cond, Layout condLayout, Storage a, Layout aLayout, Storage b, Layout bLayout,
               Storage out, Layout outLayout);

    /**
     * {@code out = x + value * t1 * t2}, PyTorch's {@code addcmul}, in one pass over memory: {@code x}, {@code t1}
     * and {@code t2} are already broadcast to {@code out}'s shape and have its dtype, float32 or float64. A backend
     * may round {@code value} to that dtype and fuse the last multiply with the add (one rounding).
     */
    void addcmul(Storage x, Layout xLayout, Storage t1, Layout t1Layout, Storage t2, Layout t2Layout, double value,
                 Storage out, Layout outLayout);

    /**
     * Reduces {@code x} over {@code dims} (sorted, distinct). {@code outLayout} has {@code x}'s rank with size 1
     * in the reduced dims. SUM and PROD of integers accumulate in int64; of floats in float64.
     */
    void reduce(ReduceOp op, Storage x, Layout xLayout, int[] dims, Storage out, Layout outLayout);

    /**
     * The inclusive scan {@code op} of {@code x} along {@code dim} into {@code out} (contiguous, x's shape and dtype;
     * see {@link ScanOp} for the dtypes each op takes). For {@code CUMMAX}/{@code CUMMIN}, {@code indices} (int64,
     * {@code out}'s layout) gets the position along {@code dim} of each running extreme; for the others it is null.
     * A dim of size 0 writes nothing.
     */
    void scan(ScanOp op, Storage x, Layout xLayout, int dim, Storage out, Layout outLayout, Storage indices);

    /**
     * Batched {@code out[b] = a[b] @ b[b]} for layouts {@code [B, M, K]}, {@code [B, K, N]}, {@code [B, M, N]}
     * ({@code out} contiguous at offset 0, {@code a} and {@code b} any strides). With {@code accumulate} the product
     * is added to what {@code out} holds (GEMM's beta = 1), which is how a bias is fused into a linear layer.
     */
    void matmul(Storage a, Layout aLayout, Storage b, Layout bLayout, Storage out, Layout outLayout, boolean accumulate);

    /** Contiguous {@code x [N, C, H, W]}, {@code w [M, C/groups, kH, kW]} into {@code out [N, M, oH, oW]}. */
    void conv2d(Storage x, int[] xShape, Storage w, int[] wShape, ConvGeometry g, Storage out, int[] outShape);

    /** The gradient of conv2d with respect to its input: {@code dy [N, M, oH, oW]} and {@code w} into {@code dx}. */
    void conv2dBackwardInput(Storage dy, int[] dyShape, Storage w, int[] wShape, ConvGeometry g,
                             Storage dx, int[] dxShape);

    /** The gradient of conv2d with respect to its weight: {@code x} and {@code dy} into {@code dw}. */
    void conv2dBackwardWeight(Storage x, int[] xShape, Storage dy, int[] dyShape, ConvGeometry g,
                              Storage dw, int[] dwShape);

    /**
     * Max pooling of contiguous {@code x [N, C, H, W]}: values into {@code out} and, per output element, the
     * int64 position {@code h*W + w} of the winner inside its {@code [H, W]} plane into {@code indices}.
     */
    void maxPool2d(Storage x, int[] xShape, PoolGeometry g, Storage out, Storage indices, int[] outShape);

    /** Average pooling of contiguous {@code x [N, C, H, W]}, padding not counted. */
    void avgPool2d(Storage x, int[] xShape, PoolGeometry g, Storage out, int[] outShape);

    /** The transpose of {@link #avgPool2d}: spreads each {@code dy} element over its window; writes all of {@code dx}. */
    void avgPool2dBackward(Storage dy, int[] dyShape, PoolGeometry g, Storage dx, int[] dxShape);

    /**
     * Softmax (or, with {@code log}, log-softmax) of each row of contiguous float {@code x [rows, length]} at offset
     * 0 into {@code out} of the same shape: {@code exp(x - max) / sum(exp(x - max))}, the max taken per row so
     * that no exponential overflows.
     */
    void softmax(Storage x, int rows, int length, boolean log, Storage out);

    /**
     * Batch norm's training forward (PyTorch's {@code native_batch_norm}) over contiguous float {@code x} at offset 0,
     * seen as {@code [n, channels, inner]} with {@code n * inner >= 1}: per channel, the mean and the biased variance
     * over {@code n} and {@code inner} go into {@code mean} and {@code var} ({@code [channels]}, x's dtype), and
     * {@code out} (x's shape) gets {@code (x - mean) / sqrt(var + eps) * weight + bias}. {@code weight} and
     * {@code bias} ({@code [channels]}, x's dtype) may be null, standing for 1 and 0.
     */
    void batchNorm(Storage x, int n, int channels, int inner, Storage weight, Storage bias, double eps,
                   Storage out, Storage mean, Storage var);

    /**
     * The gradient of {@link #batchNorm} from {@code dy} (x's shape), {@code x} and the {@code mean} and {@code var}
     * it wrote, with {@code xhat = (x - mean) / sqrt(var + eps)} and means over {@code n} and {@code inner}:
     * {@code dx = weight / sqrt(var + eps) * (dy - mean(dy) - xhat * mean(dy * xhat))}, {@code dWeight = sum(dy * xhat)}
     * and {@code dBias = sum(dy)} per channel. Each of {@code dx}, {@code dWeight} and {@code dBias} may be null when
     * it is not wanted; {@code weight} may be null (1).
     */
    void batchNormBackward(Storage dy, Storage x, int n, int channels, int inner, Storage mean, Storage var,
                           Storage weight, double eps, Storage dx, Storage dWeight, Storage dBias);

    /**
     * Sorts every line of {@code x} along {@code dim} (rank >= 1, any strides): {@code values} gets the sorted
     * elements and {@code indices} (int64) their positions along {@code dim}, both contiguous in {@code x}'s shape at
     * offset 0. Ascending, or with {@code descending} the reverse order; NaN counts as larger than every number (last
     * ascending, first descending), -0.0 and 0.0 as equal, false before true. Always stable: equal elements keep
     * their order along {@code dim} in either direction, which is PyTorch's {@code stable=True} result.
     */
    void sort(Storage x, Layout xLayout, int dim, boolean descending, Storage values, Storage indices);

    /**
     * {@code out[i][j][k] = src[i][index[i][j][k]][k]} for {@code dim = 1}, and likewise for any dim:
     * {@code index} (int64, any strides) has {@code out}'s shape. Indices were range-checked by the engine.
     */
    void gather(Storage src, Layout srcLayout, int dim, Storage index, Layout indexLayout, Storage out, Layout outLayout);

    /**
     * The inverse of gather, in place on {@code dst} (any strides): {@code dst[i][index[i][j][k]][k] (op)= src[i][j][k]}
     * for {@code dim = 1}; {@code index} and {@code src} have the same shape.
     */
    void scatter(ScatterMode mode, Storage dst, Layout dstLayout, int dim, Storage index, Layout indexLayout,
                 Storage src, Layout srcLayout);

    /**
     * Fills contiguous {@code out} with {@link CounterRandom} numbers: element {@code i} is
     * {@code uniform(seed, counter + i)} (float32: {@code uniformFloat}) or {@code normal(seed, counter + 2*i)}.
     */
    void random(Distribution distribution, long seed, long counter, Storage out, long size);
}
