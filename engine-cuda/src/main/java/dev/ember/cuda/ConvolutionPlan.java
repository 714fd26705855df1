package dev.ember.cuda;

import java.util.ArrayList;
import java.util.List;

/**
 * A convolution ready to run for one {@link ConvolutionKey}: its cuDNN descriptors, and for each direction (forward,
 * backward-data, backward-filter) what runs it. That is the algorithm cuDNN's heuristics rank first among those that
 * succeed in a permitted math type, with the workspace it needs; or, where cuDNN offers none, a {@link Fallback} to
 * {@link Im2colConvolution} (im2col and cuBLAS), decided per direction so that the directions cuDNN does run stay on
 * cuDNN. Calls take raw device addresses of contiguous NCHW data, use {@code alpha = 1, beta = 0} (the output is
 * overwritten), and a workspace from the caller's allocator of at least the plan's size for that direction.
 *
 * <p>Which configurations need the fallback is not something the cuDNN 9 documentation settles: the legacy API's
 * per-algorithm support tables list dilation for some algorithms (cuDNN 7.3 added dilated 2-d support to the
 * forward IMPLICIT_PRECOMP_GEMM and backward ALGO_1 paths, beside ALGO_0), but not which of them take float64
 * ({@code DOUBLE_CONFIG}) together with groups, and cuDNN 9 serves this API from its engine heuristics, whose answer
 * depends on the build and the device. So the plan never assumes: it asks cuDNN
 * ({@code cudnnGetConvolution*Algorithm_v7}, whose entries each carry a status) and falls back where nothing usable
 * comes back. Float64 grouped or dilated convolutions are the expected case; float32 without TF32 falls back too
 * where cuDNN offers only tensor-core kernels (cuBLAS then runs in plain FP32).
 *
 * <p>Creating a plan needs a cuDNN handle (so a GPU); the backend caches plans per key and closes them when it
 * closes. A plan holds no device memory and may be used from any thread that has the device's context current, one
 * call at a time per handle.
 *
 * <pre>{@code
 * try (var plan = ConvolutionPlan.create(cudnnHandle, key)) {
 *     if (!plan.fallsBack(Direction.FORWARD)) {
 *         plan.forward(cudnnHandle, x, w, y, workspace, plan.forwardWorkspaceBytes());
 *     }
 * }
 * }</pre>
 */
final class ConvolutionPlan implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ConvolutionPlan.class.getName());

    /** The three computations of a convolution, each planned on its own. */
    enum Direction {
        FORWARD("forward"), BACKWARD_DATA("backward data"), BACKWARD_FILTER("backward filter");

        private final String text;

        Direction(String text) { this.text = text; }

        @Override
        public String toString() { return text; }
    }

    /** What runs one direction. */
    sealed interface Choice permits Algorithm, Fallback {}

    /** A cuDNN algorithm, in the math type its descriptor was set to, and the workspace it needs. */
    record Algorithm(int algorithm, Cudnn.MathType mathType, long workspaceBytes) implements Choice {}

    /** No usable cuDNN algorithm: {@link Im2colConvolution} runs this direction; {@code reason} says why. */
    record Fallback(String reason) implements Choice {}

    /** Sets a direction's descriptor to {@code mathType} and returns the workspace {@code algorithm} needs there. */
    interface Workspace {
        long bytes(int algorithm, Cudnn.MathType mathType);
    }

    private final ConvolutionDescriptors descriptors;
    private final Choice forward;
    private final Choice backwardData;
    private final Choice backwardFilter;

    private ConvolutionPlan(ConvolutionDescriptors descriptors, Choice forward, Choice backwardData,
                            Choice backwardFilter) {
        this.descriptors = descriptors;
        this.forward = forward;
        this.backwardData = backwardData;
        this.backwardFilter = backwardFilter;
    }

    /** Creates the descriptors and picks the three directions' algorithms with {@code handle}'s device. */
    public static ConvolutionPlan create(long handle, ConvolutionKey key) {
        ConvolutionDescriptors d = ConvolutionDescriptors.create(key);
        try {
            var forward = choose(Direction.FORWARD, Cudnn.forwardAlgorithms(handle, d.x, d.w, d.forward, d.y), key,
                    (algorithm, mathType) -> {
                        Cudnn.setConvolutionMathType(d.forward, mathType);
                        return Cudnn.forwardWorkspaceSize(handle, d.x, d.w, d.forward, d.y, algorithm);
                    });
            var backwardData = choose(Direction.BACKWARD_DATA,
                    Cudnn.backwardDataAlgorithms(handle, d.w, d.y, d.backwardData, d.x), key,
                    (algorithm, mathType) -> {
                        Cudnn.setConvolutionMathType(d.backwardData, mathType);
                        return Cudnn.backwardDataWorkspaceSize(handle, d.w, d.y, d.backwardData, d.x, algorithm);
                    });
            var backwardFilter = choose(Direction.BACKWARD_FILTER,
                    Cudnn.backwardFilterAlgorithms(handle, d.x, d.y, d.backwardFilter, d.w), key,
                    (algorithm, mathType) -> {
                        Cudnn.setConvolutionMathType(d.backwardFilter, mathType);
                        return Cudnn.backwardFilterWorkspaceSize(handle, d.x, d.y, d.backwardFilter, d.w, algorithm);
                    });
            var plan = new ConvolutionPlan(d, forward, backwardData, backwardFilter);
            for (Direction direction : Direction.values()) {
                if (plan.choice(direction) instanceof Fallback f) {
                    LOG.log(System.Logger.Level.INFO, f.reason() + ": " + direction + " runs as im2col and cuBLAS instead");
                }
            }
            return plan;
        } catch (RuntimeException e) {
            try {
                d.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * The first result (cuDNN ranks them best first) that succeeded and runs in a math type the key permits (with
     * float32 and no TF32, only FMA kernels, whatever the heuristics would prefer), with the workspace it needs; or a
     * {@link Fallback} naming what cuDNN returned when none does. Only successful entries have their math type
     * judged, and one this binding does not know is not permitted: its precision cannot be vouched for. An entry
     * whose workspace query answers NOT_SUPPORTED is passed over too; any other failure of that query is thrown.
     */
    static Choice choose(Direction direction, List<Cudnn.AlgorithmResult> results, ConvolutionKey key,
                         Workspace workspace) {
        var unknown = new ArrayList<String>();
        var refused = new ArrayList<String>();
        for (Cudnn.AlgorithmResult r : results) {
            if (!r.succeeded()) continue;
            var mathType = r.knownMathType();
            if (mathType.isEmpty()) {
                unknown.add("algorithm " + r.algorithm() + " in math type " + r.mathType());
                continue;
            }
            if (!key.permits(mathType.get())) continue;
            try {
                return new Algorithm(r.algorithm(), mathType.get(), workspace.bytes(r.algorithm(), mathType.get()));
            } catch (CudaLibraryException e) {
                // heuristics have been seen to rank first an algorithm whose workspace query then says it cannot run
                if (!notSupported(e.status())) throw e;
                refused.add("algorithm " + r.algorithm() + ": " + e.statusName());
            }
        }
        return new Fallback("cuDNN offers no usable " + direction + " algorithm for " + key + " (math type "
                + key.mathType() + " required" + (key.mathType() == Cudnn.MathType.FMA
                ? "; pass allowTf32 to accept tensor-core kernels" : "")
                + (unknown.isEmpty() ? "" : "; skipped, in a cudnnMathType_t this binding does not know: "
                + String.join(", ", unknown))
                + (refused.isEmpty() ? "" : "; its workspace query refused " + String.join(", ", refused))
                + "); it returned " + results);
    }

    /** cuDNN 9 numbers its statuses by category: 3000 is {@code CUDNN_STATUS_NOT_SUPPORTED}, 3001 on its kinds. */
    static boolean notSupported(int status) {
        return status / 1000 == 3;
    }

    public ConvolutionKey key() {
        return descriptors.key;
    }

    /** {@code [N, M, oH, oW]}. */
    public int[] outShape() {
        return descriptors.key.yShape();
    }

    Choice choice(Direction direction) {
        return switch (direction) {
            case FORWARD -> forward;
            case BACKWARD_DATA -> backwardData;
            case BACKWARD_FILTER -> backwardFilter;
        };
    }

    /** Whether {@code direction} runs as im2col and cuBLAS because cuDNN offered no usable algorithm for it. */
    public boolean fallsBack(Direction direction) {
        return choice(direction) instanceof Fallback;
    }

    /** The workspace {@code direction}'s cuDNN algorithm needs (0 where the direction falls back). */
    public long workspaceBytes(Direction direction) {
        return choice(direction) instanceof Algorithm a ? a.workspaceBytes() : 0;
    }

    public long forwardWorkspaceBytes() {
        return workspaceBytes(Direction.FORWARD);
    }

    public long backwardDataWorkspaceBytes() {
        return workspaceBytes(Direction.BACKWARD_DATA);
    }

    public long backwardFilterWorkspaceBytes() {
        return workspaceBytes(Direction.BACKWARD_FILTER);
    }

    /** {@code y = conv(x, w)}. */
    public void forward(long handle, long x, long w, long y, long workspace, long workspaceBytes) {
        var a = algorithm(Direction.FORWARD, workspaceBytes);
        var d = descriptors;
        Cudnn.convolutionForward(handle, d.key.dtype(), 1.0, d.x, x, d.w, w, d.forward, a.algorithm(),
                workspace, workspaceBytes, 0.0, d.y, y);
    }

    /** {@code dx} = the gradient of the convolution with respect to its input, from {@code w} and {@code dy}. */
    public void backwardData(long handle, long w, long dy, long dx, long workspace, long workspaceBytes) {
        var a = algorithm(Direction.BACKWARD_DATA, workspaceBytes);
        var d = descriptors;
        Cudnn.convolutionBackwardData(handle, d.key.dtype(), 1.0, d.w, w, d.y, dy, d.backwardData,
                a.algorithm(), workspace, workspaceBytes, 0.0, d.x, dx);
    }

    /** {@code dw} = the gradient of the convolution with respect to its filter, from {@code x} and {@code dy}. */
    public void backwardFilter(long handle, long x, long dy, long dw, long workspace, long workspaceBytes) {
        var a = algorithm(Direction.BACKWARD_FILTER, workspaceBytes);
        var d = descriptors;
        Cudnn.convolutionBackwardFilter(handle, d.key.dtype(), 1.0, d.x, x, d.y, dy, d.backwardFilter,
                a.algorithm(), workspace, workspaceBytes, 0.0, d.w, dw);
    }

    /** The cuDNN algorithm of {@code direction}, checking that there is one and that the workspace is big enough. */
    private Algorithm algorithm(Direction direction, long workspaceBytes) {
        return switch (choice(direction)) {
            case Fallback f -> throw new IllegalStateException("convolution " + direction + " for " + descriptors.key
                    + " has no cuDNN algorithm and runs as im2col: " + f.reason());
            case Algorithm a -> {
                if (workspaceBytes < a.workspaceBytes()) {
                    throw new IllegalArgumentException("convolution " + direction + " for " + descriptors.key
                            + " needs " + a.workspaceBytes() + " bytes of workspace (algorithm " + a.algorithm()
                            + "), got " + workspaceBytes);
                }
                yield a;
            }
        };
    }

    /** Destroys the descriptors. */
    @Override
    public void close() {
        descriptors.close();
    }

    @Override
    public String toString() {
        return "ConvolutionPlan[" + descriptors.key + ", forward " + forward + ", backward data " + backwardData
                + ", backward filter " + backwardFilter + "]";
    }
}
