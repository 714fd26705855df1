package dev.ember.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ember.DType;
import dev.ember.Device;
import dev.ember.backend.Backend;
import dev.ember.backend.ConvGeometry;
import dev.ember.backend.Layout;
import dev.ember.backend.Storage;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The im2col fallback as the CUDA backend runs it, on a fake device: every kernel launch must match its kernel's
 * compiled parameters ({@link LaunchArguments}), every operand's layout must stay inside its storage (on a GPU an
 * element outside is an illegal address), every product must reach cuBLAS without a contiguous copy, and every
 * scratch block must be back in the allocator when the call returns. The arithmetic is {@link Im2colConvolutionTest}'s.
 */
class Im2colConvolutionDeviceTest {
    private final List<String> failures = new ArrayList<>();
    private final List<String> launched = new ArrayList<>();
    private int products;

    private final DeviceQueue recorder = new DeviceQueue() {
        @Override
        public void launch(String name, long work, Object... args) { record(name, args); }

        @Override
        public void launchPerBlock(String name, long items, Object... args) { record(name, args); }

        @Override
        public void copy(long dst, long src, long bytes) {}

        @Override
        public void zero(long address, long bytes) {}
    };

    private void record(String name, Object[] args) {
        launched.add(name);
        try {
            LaunchArguments.check(name, args);
        } catch (IllegalStateException e) {
            failures.add(e.getMessage());
        }
    }

    private final CachingAllocator allocator = new CachingAllocator(new FakeDeviceMemory(1L << 40));
    private final CudaBackend cuda = new CudaBackend(Device.cuda(0), null, new CudaMemory(allocator, 0), recorder,
            null, null, null);

    /**
     * The CUDA backend with its operands' layouts checked against their storages, and matmul (cuBLAS, which the fake
     * device lacks) replaced by a check of the arguments {@link CublasMatmul} would pass.
     */
    private final Backend checked = (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(),
            new Class<?>[] {Backend.class}, (proxy, method, args) -> {
                for (int i = 0; i + 1 < (args == null ? 0 : args.length); i++) {
                    if (args[i] instanceof Storage s && args[i + 1] instanceof Layout l) inside(method.getName(), s, l);
                }
                if (method.getName().equals("matmul")) {
                    product((Layout) args[1], (Layout) args[3], (Layout) args[5]);
                    return null;
                }
                try {
                    return method.invoke(cuda, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });

    private void inside(String call, Storage s, Layout l) {
        long lowest = l.offset(), highest = l.offset();
        for (int d = 0; d < l.rank(); d++) {
            if (l.size(d) == 0) return;
            long reach = (long) (l.size(d) - 1) * l.stride(d);
            if (reach < 0) lowest += reach;
            else highest += reach;
        }
        if (lowest < 0 || highest >= s.size()) {
            failures.add(call + " reaches elements " + lowest + ".." + highest + " of a storage of " + s.size()
                    + ": " + l);
        }
    }

    private void product(Layout a, Layout b, Layout out) {
        products++;
        if (!out.isContiguous() || out.offset() != 0) failures.add("matmul output " + out + " is not contiguous at 0");
        if (a.size(0) != out.size(0) || a.size(1) != out.size(1) || b.size(0) != out.size(0)
                || b.size(2) != out.size(2) || a.size(2) != b.size(1)) {
            failures.add("matmul shapes do not fit: " + a + " x " + b + " -> " + out);
            return;
        }
        var call = GemmArguments.of(a, b, out);
        if (call.first().copied() || call.second().copied()) {
            failures.add("matmul operand needs a contiguous copy first: " + a + " x " + b);
        }
    }

    private void run(int[] x, int[] w, ConvGeometry g, DType dtype, int budget) {
        int[] y = {x[0], w[0], g.outH(x[2], w[2]), g.outW(x[3], w[3])};
        var conv = new Im2colConvolution(checked, budget);
        Storage xs = cuda.allocate(dtype, numel(x)), ws = cuda.allocate(dtype, numel(w));
        Storage ys = cuda.allocate(dtype, numel(y)), dxs = cuda.allocate(dtype, numel(x));
        Storage dws = cuda.allocate(dtype, numel(w));
        long before = allocator.stats().allocatedBytes();

        conv.forward(xs, x, ws, w, g, ys, y);
        conv.backwardInput(ys, y, ws, w, g, dxs, x);
        conv.backwardWeight(xs, x, ys, y, g, dws, w);

        assertEquals(before, allocator.stats().allocatedBytes(), "scratch left allocated");
    }

    @Test
    void everyLaunchAndProductOfTheFallbackFitsTheDevice() {
        var geometries = List.of(new ConvGeometry(2, 1, 2, 1, 2, 2, 2), new ConvGeometry(1, 1, 1, 1, 1, 1, 4),
                new ConvGeometry(1, 1, 0, 0, 3, 1, 1), new ConvGeometry(3, 3, 1, 1, 1, 1, 2));
        int[][] inputs = {{2, 4, 13, 12}, {3, 4, 7, 7}, {1, 4, 9, 5}, {5, 4, 3, 3}};
        int[][] filters = {{6, 2, 3, 2}, {4, 1, 3, 3}, {3, 4, 2, 2}, {4, 2, 2, 2}};
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64, DType.FLOAT16, DType.BFLOAT16}) {
            for (int i = 0; i < inputs.length; i++) {
                run(inputs[i], filters[i], geometries.get(i), dtype, Im2colConvolution.COLUMN_BUDGET);
                run(inputs[i], filters[i], geometries.get(i), dtype, 1);
            }
        }

        assertTrue(failures.isEmpty(), failures.size() + " problems:\n" + String.join("\n", failures));
        assertTrue(products >= 4 * 4 * 2 * 3, products + " products");
        assertTrue(launched.contains("add_f64") && launched.contains("add_f32"), "col2im adds: " + launched);
        for (DType half : HalfCoverage.HALVES) {   // the half types run in float32 between two casts
            assertTrue(launched.contains(KernelNames.copy(half, DType.FLOAT32))
                    && launched.contains(KernelNames.copy(DType.FLOAT32, half)), half + " casts: " + launched);
            assertFalse(launched.contains(KernelNames.binary(dev.ember.backend.BinaryOp.ADD, half)),
                    "col2im adds in " + half + ", rounding at every tap");
        }
        assertFalse(launched.isEmpty());
    }

    private static int numel(int[] shape) {
        int n = 1;
        for (int d : shape) n *= d;
        return n;
    }
}
