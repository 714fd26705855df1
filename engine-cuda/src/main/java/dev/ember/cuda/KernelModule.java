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
 * sm_80 or sm_90 code, or compiles the PTX for a newer GPU), with each function looked up by name on first use.
 */
final class KernelModule {
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

    /** Launches {@code name} over {@code work} independent items (elements, rows or outputs) on the device's stream. */
    void launch(String name, long work, Object... args) {
        if (work <= 0) return;
        int grid = (int) Math.min(MAX_GRID, (work + BLOCK - 1) / BLOCK);
        launchBlocks(name, grid, args);
    }

    /** Launches {@code name} with one block per item, for kernels that give each row or output a whole block. */
    void launchPerBlock(String name, long items, Object... args) {
        if (items <= 0) return;
        launchBlocks(name, (int) Math.min(MAX_GRID, items), args);
    }

    private void launchBlocks(String name, int grid, Object... args) {
        context.makeCurrent();
        CUfunction f = functions.computeIfAbsent(name, this::load);
        Pointer params = KernelArgs.pointers(args);
        check("cuLaunchKernel(" + name + ")",
                JCudaDriver.cuLaunchKernel(f, grid, 1, 1, BLOCK, 1, 1, 0, context.stream, params, null));
    }

    private CUfunction load(String name) {
        CUfunction f = new CUfunction();
        check("cuModuleGetFunction(" + name + ")", JCudaDriver.cuModuleGetFunction(f, module, name));
        return f;
    }
}
