package dev.ember.cuda;

import dev.ember.backend.Layout;

/**
 * A reduction split for the reduce kernels: {@code outer} walks the kept dims of {@code x} (one output each, in
 * row-major order), {@code inner} walks the reduced dims from any output's first element. Each is simplified on its
 * own, which keeps row-major order, so output {@code o} and ARGMAX positions stay where the engine expects them.
 */
record ReductionLayouts(int[] outer, int[] inner, int outputs, int perOutput) {

    static ReductionLayouts of(Layout x, int[] dims) {
        Layout outer = x.keptDims(dims);
        Layout inner = x.reducedDims(dims);
        return new ReductionLayouts(StridedArgs.pack(outer)[0], StridedArgs.pack(inner)[0], CudaBackend.launchCount("reduce", outer.numel()),
                CudaBackend.launchCount("reduce", inner.numel()));
    }

    /** One pass or two, by these sizes alone. */
    ReductionSplit split() { return ReductionSplit.of(outputs, perOutput); }
}
