package dev.ember.cuda;

import dev.ember.cuda.kernels.KernelImage;
import jcuda.Pointer;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.JCudaDriver;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static dev.ember.cuda.Driver.check;

/**
 * The compiled kernels of the {@code kernels} module, loaded once per device from their fatbin (the driver picks the
 * sm_80 or sm_90 code, or compiles the PTX for a newer GPU), with each function looked up by name on first use;
 * launches, copies and fills all go on the device's one stream. Every launch's arguments are checked against the
 * kernel's compiled parameter list first ({@link LaunchArguments}).
 */
final class KernelModule implements DeviceQueue {
    /** Threads per block of every launch; the reduction and softmax kernels are written for exactly this. */
    static final int BLOCK = 256;
    /** Enough blocks to fill any current GPU several times over; the kernels loop over the rest. */
    private static final int MAX_GRID = 65_536;

    private final CudaContext context;
    private final CUmodule module = new CUmodule();
    private final Map<String, CUfunction> functions = new ConcurrentHashMap<>();

    KernelModule(CudaContext context) {
        this.context = context;
        context.makeCurrent();
        check("cuModuleLoadData(kernels.fatbin)", JCudaDriver.cuModuleLoadData(module, KernelImage.fatbin()));
    }

    @Override
    public void launch(String name, long work, Object... args) {
        if (work <= 0) return;
        int grid = (int) Math.min(MAX_GRID, (work + BLOCK - 1) / BLOCK);
        launchBlocks(name, grid, args);
    }

    @Override
    public void launchPerBlock(String name, long items, Object... args) {
        if (items <= 0) return;
        launchBlocks(name, (int) Math.min(MAX_GRID, items), args);
    }

    private void launchBlocks(String name, int grid, Object... args) {
        LaunchArguments.check(name, args);
        context.makeCurrent();
        CUfunction f = functions.computeIfAbsent(name, this::load);
        Pointer params = KernelArgs.pointers(args);
        check("cuLaunchKernel(" + name + ")",
                JCudaDriver.cuLaunchKernel(f, grid, 1, 1, BLOCK, 1, 1, 0, context.stream, params, null));
    }

    @Override
    public void copy(long dst, long src, long bytes) {
        if (bytes == 0) return;
        context.makeCurrent();
        check("cuMemcpyDtoDAsync", JCudaDriver.cuMemcpyDtoDAsync(DevicePointers.at(dst), DevicePointers.at(src), bytes,
                context.stream));
    }

    @Override
    public void zero(long address, long bytes) {
        if (bytes == 0) return;
        context.makeCurrent();
        check("cuMemsetD8Async", JCudaDriver.cuMemsetD8Async(DevicePointers.at(address), (byte) 0, bytes, context.stream));
    }

    private CUfunction load(String name) {
        CUfunction f = new CUfunction();
        check("cuModuleGetFunction(" + name + ")", JCudaDriver.cuModuleGetFunction(f, module, name));
        return f;
    }
}
