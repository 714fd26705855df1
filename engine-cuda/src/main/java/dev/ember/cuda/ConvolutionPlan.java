package dev.ember.cuda;

import java.util.List;

/**
 * A cuDNN convolution ready to run for one {@link ConvolutionKey}: its descriptors, and for each direction (forward,
 * backward-data, backward-filter) the algorithm cuDNN's heuristics rank first among those that succeed in a
 * permitted math type, with the workspace it needs. Calls take raw device addresses of contiguous NCHW data, use
 * {@code alpha = 1, beta = 0} (the output is overwritten), and a workspace from the caller's allocator of at least
 * the plan's size for that direction.
 *
 * <p>Creating a plan needs a cuDNN handle (so a GPU); the backend caches plans per key and closes them when it
 * closes. A plan holds no device memory and may be used from any thread that has the device's context current, one
 * call at a time per handle.
 *
 * <pre>{@code
 * try (var plan = ConvolutionPlan.create(cudnnHandle, key)) {
 *     plan.forward(cudnnHandle, x, w, y, workspace, plan.forwardWorkspaceBytes());
 * }
 * }</pre>
 */
final class ConvolutionPlan implements AutoCloseable {

    /** What was chosen for one direction. */
    record Choice(int algorithm, Cudnn.MathType mathType, long workspaceBytes) {}

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

    /** Creates the descriptors and picks the three algorithms with {@code handle}'s device. */
    public static ConvolutionPlan create(long handle, ConvolutionKey key) {
        ConvolutionDescriptors d = ConvolutionDescriptors.create(key);
        try {
            var f = choose("forward", Cudnn.forwardAlgorithms(handle, d.x, d.w, d.forward, d.y), key);
            Cudnn.setConvolutionMathType(d.forward, f.mathType());
            var forward = new Choice(f.algorithm(), f.mathType(),
                    Cudnn.forwardWorkspaceSize(handle, d.x, d.w, d.forward, d.y, f.algorithm()));

            var bd = choose("backward data", Cudnn.backwardDataAlgorithms(handle, d.w, d.y, d.backwardData, d.x), key);
            Cudnn.setConvolutionMathType(d.backwardData, bd.mathType());
            var backwardData = new Choice(bd.algorithm(), bd.mathType(),
                    Cudnn.backwardDataWorkspaceSize(handle, d.w, d.y, d.backwardData, d.x, bd.algorithm()));

            var bf = choose("backward filter",
                    Cudnn.backwardFilterAlgorithms(handle, d.x, d.y, d.backwardFilter, d.w), key);
            Cudnn.setConvolutionMathType(d.backwardFilter, bf.mathType());
            var backwardFilter = new Choice(bf.algorithm(), bf.mathType(),
                    Cudnn.backwardFilterWorkspaceSize(handle, d.x, d.y, d.backwardFilter, d.w, bf.algorithm()));
            return new ConvolutionPlan(d, forward, backwardData, backwardFilter);
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
     * The first result (cuDNN ranks them best first) that succeeded and runs in a math type the key permits: with
     * float32 and no TF32, only FMA kernels, whatever the heuristics would prefer.
     */
    static Cudnn.AlgorithmResult choose(String direction, List<Cudnn.AlgorithmResult> results, ConvolutionKey key) {
        for (Cudnn.AlgorithmResult r : results) {
            if (r.status() == Cudnn.CUDNN_STATUS_SUCCESS && key.permits(r.mathType())) return r;
        }
        throw new IllegalStateException("cuDNN offers no usable " + direction + " algorithm for " + key
                + " (math type " + key.mathType() + " required" + (key.mathType() == Cudnn.MathType.FMA
                ? "; pass allowTf32 to accept tensor-core kernels" : "") + "); it returned " + results);
    }

    public ConvolutionKey key() {
        return descriptors.key;
    }

    /** {@code [N, M, oH, oW]}. */
    public int[] outShape() {
        return descriptors.key.yShape();
    }

    public long forwardWorkspaceBytes() {
        return forward.workspaceBytes();
    }

    public long backwardDataWorkspaceBytes() {
        return backwardData.workspaceBytes();
    }

    public long backwardFilterWorkspaceBytes() {
        return backwardFilter.workspaceBytes();
    }

    /** {@code y = conv(x, w)}. */
    public void forward(long handle, long x, long w, long y, long workspace, long workspaceBytes) {
        requireWorkspace("forward", forward, workspaceBytes);
        var d = descriptors;
        Cudnn.convolutionForward(handle, d.key.dtype(), 1.0, d.x, x, d.w, w, d.forward, forward.algorithm(),
                workspace, workspaceBytes, 0.0, d.y, y);
    }

    /** {@code dx} = the gradient of the convolution with respect to its input, from {@code w} and {@code dy}. */
    public void backwardData(long handle, long w, long dy, long dx, long workspace, long workspaceBytes) {
        requireWorkspace("backward data", backwardData, workspaceBytes);
        var d = descriptors;
        Cudnn.convolutionBackwardData(handle, d.key.dtype(), 1.0, d.w, w, d.y, dy, d.backwardData,
                backwardData.algorithm(), workspace, workspaceBytes, 0.0, d.x, dx);
    }

    /** {@code dw} = the gradient of the convolution with respect to its filter, from {@code x} and {@code dy}. */
    public void backwardFilter(long handle, long x, long dy, long dw, long workspace, long workspaceBytes) {
        requireWorkspace("backward filter", backwardFilter, workspaceBytes);
        var d = descriptors;
        Cudnn.convolutionBackwardFilter(handle, d.key.dtype(), 1.0, d.x, x, d.y, dy, d.backwardFilter,
                backwardFilter.algorithm(), workspace, workspaceBytes, 0.0, d.w, dw);
    }

    private void requireWorkspace(String direction, Choice choice, long workspaceBytes) {
        if (workspaceBytes < choice.workspaceBytes()) {
            throw new IllegalArgumentException("convolution " + direction + " for " + descriptors.key + " needs "
                    + choice.workspaceBytes() + " bytes of workspace (algorithm " + choice.algorithm() + "), got "
                    + workspaceBytes);
        }
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
