package dev.ember.cuda;

import dev.ember.cuda.kernels.KernelImage;
import jcuda.Pointer;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.JCudaDriver;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The compiled kernels of the {@code kernels} module, loaded once per device from their fatbin (the driver picks the
 * sm_80 or sm_90 code, or compiles the PTX for a newer GPU), with each function looked up by name on first use;
 * launches, copies and fills all go on the device's one stream. Every launch's arguments are checked against the
 * kernel's compiled parameter list first ({@link LaunchArguments}). A failed call's exception names the kernel, its
 * grid and its arguments ({@link CallDescriptions}); sync mode ({@link SyncMode}) also waits for each one.
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
        context.check("cuModuleLoadData(kernels.fatbin)", JCudaDriver.cuModuleLoadData(module, KernelImage.fatbin()));
    }

    /** The blocks of a launch over {@code work} independent items. */
    static int blocksFor(long work) { return (int) Math.min(MAX_GRID, (work + BLOCK - 1) / BLOCK); }

    /** The blocks of a launch that gives each of {@code items} a block. */
    static int blocksPerItem(long items) { return (int) Math.min(MAX_GRID, items); }

    @Override
    public void launch(String name, long work, Object... args) {
        if (work <= 0) return;
        launchBlocks(name, blocksFor(work), work + " items", args);
    }

    @Override
    public void launchPerBlock(String name, long items, Object... args) {
        if (items <= 0) return;
        launchBlocks(name, blocksPerItem(items), items + " items, a block each", args);
    }

    private void launchBlocks(String name, int grid, String work, Object... args) {
        LaunchArguments.check(name, args);
        context.makeCurrent();
        CUfunction f = functions.computeIfAbsent(name, this::load);
        Pointer params = KernelArgs.pointers(args);
        int status = JCudaDriver.cuLaunchKernel(f, grid, 1, 1, BLOCK, 1, 1, 0, context.stream, params, null);
        if (status != 0) context.check("cuLaunchKernel: " + CallDescriptions.kernel(name, grid, work, args), status);
    }

    @Override
    public void copy(long dst, long src, long bytes) {
        if (bytes == 0) return;
        context.makeCurrent();
        int status = JCudaDriver.cuMemcpyDtoDAsync(DevicePointers.at(dst), DevicePointers.at(src), bytes, context.stream);
        if (status != 0) context.check(CallDescriptions.copy(dst, src, bytes), status);
    }

    @Override
    public void zero(long address, long bytes) {
        if (bytes == 0) return;
        context.makeCurrent();
        int status = JCudaDriver.cuMemsetD8Async(DevicePointers.at(address), (byte) 0, bytes, context.stream);
        if (status != 0) context.check(CallDescriptions.zero(address, bytes), status);
    }

    private CUfunction load(String name) {
        CUfunction f = new CUfunction();
        context.check("cuModuleGetFunction(" + name + ")", JCudaDriver.cuModuleGetFunction(f, module, name));
        return f;
    }
}
