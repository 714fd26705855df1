package dev.ember.cpu;

import java.lang.System.Logger.Level;
import java.util.function.Supplier;

/**
 * Whether the Vector API ({@code jdk.incubator.vector}) is usable, and the kernels that follow from it. Classes
 * that touch the Vector API are only ever loaded by name from here, so a JVM started without
 * {@code --add-modules jdk.incubator.vector} runs the scalar kernels instead of failing to link (Lucene's scheme).
 * {@code -Dember.simd=false} forces the scalar kernels.
 */
final class Simd {
    private Simd() {}

    private static final System.Logger LOG = System.getLogger(Simd.class.getName());

    static final boolean ENABLED = detect();

    /** The GEMM micro-kernels: Vector API ones when enabled, otherwise scalar loops. */
    static final MicroKernel MICRO_KERNEL = ENABLED
            ? load("dev.ember.cpu.VectorMicroKernel", MicroKernel.class, ScalarMicroKernel::new) : new ScalarMicroKernel();

    /** Elementwise kernels on dense float rows, or null when disabled: every row then takes the strided path. */
    static final ElementwiseRows ELEMENTWISE_ROWS = ENABLED
            ? load("dev.ember.cpu.VectorElementwiseRows", ElementwiseRows.class, () -> null) : null;

    /** Sums, maxima and minima of contiguous float rows: Vector API ones when enabled, otherwise scalar loops. */
    static final ReductionRows REDUCTION_ROWS = ENABLED
            ? load("dev.ember.cpu.VectorReductionRows", ReductionRows.class, ScalarReductionRows::new) : new ScalarReductionRows();

    /** The add of short runs in col2im: Vector API when enabled, otherwise a scalar loop. */
    static final RunAdd RUN_ADD = ENABLED ? load("dev.ember.cpu.VectorRunAdd", RunAdd.class, ScalarRunAdd::new) : new ScalarRunAdd();

    /** Softmax rows of float32: Vector API when enabled, otherwise scalar loops in double. */
    static final SoftmaxRows SOFTMAX_ROWS = ENABLED
            ? load("dev.ember.cpu.VectorSoftmaxRows", SoftmaxRows.class, ScalarSoftmaxRows::new) : new ScalarSoftmaxRows();

    /** Batch norm's float32 runs: Vector API when enabled, otherwise scalar loops with the same bits. */
    static final BatchNormRows BATCH_NORM_ROWS = ENABLED
            ? load("dev.ember.cpu.VectorBatchNormRows", BatchNormRows.class, ScalarBatchNormRows::new) : new ScalarBatchNormRows();

    private static boolean detect() {
        if (!Boolean.parseBoolean(System.getProperty("ember.simd", "true"))) {
            LOG.log(Level.INFO, "Ember CPU backend: SIMD turned off by -Dember.simd=false; scalar kernels in use");
            return false;
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            LOG.log(Level.INFO, "Ember CPU backend: the Vector API is not enabled, so the scalar kernels run (several times slower);"
                    + " start java with --add-modules jdk.incubator.vector to use SIMD");
            return false;
        }
        LOG.log(Level.DEBUG, "Ember CPU backend: SIMD through the Vector API");
        return true;
    }

    private static <T> T load(String className, Class<T> type, Supplier<T> fallback) {
        try {
            return type.cast(Class.forName(className).getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            // the cause in the line itself, not a stack trace: one line per record
            LOG.log(Level.WARNING, "Ember CPU backend: could not load " + className + " (" + e + "); scalar kernels in use");
            return fallback.get();
        }
    }
}
