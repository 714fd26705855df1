package dev.ember.cuda;

import dev.ember.DType;
import dev.ember.backend.Backend;
import dev.ember.backend.ConvGeometry;
import dev.ember.cuda.ConvolutionPlan.Direction;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The three convolution kernels on cuDNN. A {@link ConvolutionPlan} (descriptors and the chosen algorithm of each
 * direction) is made once per shape and geometry and kept, the most recently used 64 of them; each call takes its
 * workspace from the device's caching allocator and hands it back when queued, which the stream order makes safe.
 * A direction for which cuDNN offers no usable algorithm runs as {@link Im2colConvolution} on the backend instead.
 * float16 and bfloat16 go to cuDNN as themselves and accumulate in float32 ({@link ConvolutionKey#computeType}).
 */
final class CudnnConvolution {
    private static final int PLANS_KEPT = 64;

    private final CudaContext context;
    private final CudaMemory memory;
    private final long handle;
    private Im2colConvolution fallback;
    private final Map<ConvolutionKey, ConvolutionPlan> plans = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ConvolutionKey, ConvolutionPlan> eldest) {
            if (size() <= PLANS_KEPT) return false;
            eldest.getValue().close();
            return true;
        }
    };

    CudnnConvolution(CudaContext context, CudaMemory memory) {
        this.context = context;
        this.memory = memory;
        context.makeCurrent();
        this.handle = Cudnn.create(context.stream.address());
    }

    /** The backend that runs the directions cuDNN has no algorithm for. */
    void attach(Backend backend) { this.fallback = new Im2colConvolution(backend); }

    /** float32 and float64, and float16 and bfloat16 accumulating in float32 ({@link ConvolutionKey#computeType}). */
    static boolean supports(DType dtype) {
        return dtype == DType.FLOAT32 || dtype == DType.FLOAT64 || dtype.isHalf();
    }

    synchronized void forward(CudaStorage x, int[] xShape, CudaStorage w, int[] wShape, ConvGeometry g,
                              CudaStorage out, int[] outShape) {
        ConvolutionPlan plan = plan(x.dtype, xShape, wShape, g);
        if (plan.fallsBack(Direction.FORWARD)) {
            fallback.forward(x, xShape, w, wShape, g, out, outShape);
            return;
        }
        withWorkspace("cudnnConvolutionForward", plan, x.address, w.address, out.address,
                plan.forwardWorkspaceBytes(),
                (ws, bytes) -> plan.forward(handle, x.address, w.address, out.address, ws, bytes));
    }

    synchronized void backwardInput(CudaStorage dy, int[] dyShape, CudaStorage w, int[] wShape, ConvGeometry g,
                                    CudaStorage dx, int[] dxShape) {
        ConvolutionPlan plan = plan(dy.dtype, dxShape, wShape, g);
        if (plan.fallsBack(Direction.BACKWARD_DATA)) {
            fallback.backwardInput(dy, dyShape, w, wShape, g, dx, dxShape);
            return;
        }
        withWorkspace("cudnnConvolutionBackwardData", plan, w.address, dy.address, dx.address,
                plan.backwardDataWorkspaceBytes(),
                (ws, bytes) -> plan.backwardData(handle, w.address, dy.address, dx.address, ws, bytes));
    }

    synchronized void backwardWeight(CudaStorage x, int[] xShape, CudaStorage dy, int[] dyShape, ConvGeometry g,
                                     CudaStorage dw, int[] dwShape) {
        ConvolutionPlan plan = plan(x.dtype, xShape, dwShape, g);
        if (plan.fallsBack(Direction.BACKWARD_FILTER)) {
            fallback.backwardWeight(x, xShape, dy, dyShape, g, dw, dwShape);
            return;
        }
        withWorkspace("cudnnConvolutionBackwardFilter", plan, x.address, dy.address, dw.address,
                plan.backwardFilterWorkspaceBytes(),
                (ws, bytes) -> plan.backwardFilter(handle, x.address, dy.address, dw.address, ws, bytes));
    }

    private interface WorkspaceUser {
        void run(long address, long bytes);
    }

    /**
     * A workspace from the allocator for one queued cuDNN call, handed back as soon as the call is queued. A failure,
     * or in sync mode a fault the device reports after the call, names {@code name}, the plan's key and the addresses
     * {@code in1}, {@code in2} and {@code out}.
     */
    private void withWorkspace(String name, ConvolutionPlan plan, long in1, long in2, long out, long bytes,
                               WorkspaceUser call) {
        DeviceBlock ws = memory.allocate(bytes);
        try {
            call.run(ws.address(), bytes);
            context.sync.after(() -> CallDescriptions.convolution(name, plan.key(), in1, in2, out, ws.address(), bytes));
        } catch (CudaLibraryException e) {
            throw context.libraryFailure(e);
        } finally {
            memory.free(ws);
        }
    }

    private ConvolutionPlan plan(DType dtype, int[] xShape, int[] wShape, ConvGeometry g) {
        if (!supports(dtype)) {
            throw new IllegalArgumentException("conv2d on CUDA takes float32, float64, float16 or bfloat16, got " + dtype);
        }
        context.makeCurrent();
        ConvolutionKey key = ConvolutionKey.of(dtype, xShape, wShape, g, Cuda.tf32Allowed());
        ConvolutionPlan plan = plans.get(key);
        if (plan == null) {
            plan = ConvolutionPlan.create(handle, key);
            plans.put(key, plan);
        }
        return plan;
    }
}
