package dev.ember.cuda;

import dev.ember.backend.Layout;

/**
 * A reduction split for the reduce kernels: {@code outer} walks the kept dims of {@code x} (one output each, in
 * row-major order), {@code inner} walks the reduced dims from any output's first element. Each is simplified on its
 * own, which keeps row-major order, so output {@code o} and ARGMAX positions stay where the engine expects them.
 */
record ReductionLayouts(int[] outer, int[] inner, int outputs, int perOutput) {

    static ReductionLayouts of(Layout x, int[] dims) {
        int rank = x.rank();
        boolean[] reduced = new boolean[rank];
        for (int d : dims) reduced[d] = true;
        int keptCount = rank - dims.length;
        int[] keptShape = new int[keptCount];
        int[] keptStrides = new int[keptCount];
        int[] redShape = new int[dims.length];
        int[] redStrides = new int[dims.length];
        for (int d = 0, k = 0, r = 0; d < rank; d++) {
            if (reduced[d]) { redShape[r] = x.shape()[d]; redStrides[r++] = x.strides()[d]; }
            else { keptShape[k] = x.shape()[d]; keptStrides[k++] = x.strides()[d]; }
        }
        Layout outer = new Layout(keptShape, keptStrides, x.offset());
        Layout inner = new Layout(redShape, redStrides, 0);
        return new ReductionLayouts(StridedArgs.pack(outer)[0], StridedArgs.pack(inner)[0], outer.numel(), inner.numel());
    }
}
