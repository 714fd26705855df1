package dev.ember.cuda;

import dev.ember.DType;
import dev.ember.Device;
import dev.ember.backend.Backend;
import dev.ember.backend.Backends;
import dev.ember.backend.Layout;
import dev.ember.backend.ReduceOp;
import dev.ember.backend.Storage;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The two-pass reductions' split and combine, emulated in Java against the CPU backend: the rule on sizes
 * ({@link ReductionSplit}), and the walk the kernels make with it (reduce.cu: block {@code k} reduces part
 * {@code k % parts} of output {@code k / parts}, thread {@code t} its elements {@code first + t, first + t + 256,
 * ...}; then each output's partials, thread {@code t} taking {@code t, t + 256, ...}), combining values by
 * reduce_ops.cuh's rules: float sums in double, integer sums in int64, extremes by (NaN first, extreme, lower
 * position). The kernels' own arithmetic is checked on the host by the kernels module's HostCheckTest.
 */
class ReductionSplitTest {
    private static final int BLOCK = KernelModule.BLOCK;
    private final Backend cpu = Backends.of(Device.CPU);

    @Test
    void theSplitFollowsTheSizesThresholds() {
        assertEquals(new ReductionSplit(1, 8191), ReductionSplit.of(1, 8191));
        assertEquals(new ReductionSplit(2, 4096), ReductionSplit.of(1, 8192));
        assertEquals(new ReductionSplit(2, 4097), ReductionSplit.of(1, 8193));
        assertEquals(new ReductionSplit(2, 4097), ReductionSplit.of(2, 8193));
        assertEquals(new ReductionSplit(1024, 4096), ReductionSplit.of(1, 1 << 22));
        assertEquals(new ReductionSplit(1024, (Integer.MAX_VALUE >> 10) + 1), ReductionSplit.of(1, Integer.MAX_VALUE));
        assertEquals(new ReductionSplit(2, 4096), ReductionSplit.of(1023, 8192));
        assertEquals(new ReductionSplit(1, 1 << 20), ReductionSplit.of(1024, 1 << 20));
        assertEquals(new ReductionSplit(1, 0), ReductionSplit.of(1, 0));
        assertEquals(new ReductionSplit(1, 1), ReductionSplit.of(0, 1));
        assertEquals(new ReductionSplit(1, 5), ReductionSplit.of(7, 5));
    }

    @Test
    void everySplitCoversEachElementOnceInPartsOfAtLeastMinPart() {
        Random random = new Random(4242);
        for (int trial = 0; trial < 100_000; trial++) {
            int outputs = 1 + random.nextInt(random.nextBoolean() ? 2048 : 16);
            int perOutput = random.nextInt(4) == 0 ? random.nextInt(Integer.MAX_VALUE) : random.nextInt(1 << 20);
            ReductionSplit s = ReductionSplit.of(outputs, perOutput);
            String where = outputs + " x " + perOutput + ": " + s;
            boolean shouldSplit = outputs < ReductionSplit.TARGET_BLOCKS && perOutput >= 2 * ReductionSplit.MIN_PART;
            assertEquals(shouldSplit, s.twoPass(), where);
            if (!s.twoPass()) {
                assertEquals(new ReductionSplit(1, perOutput), s, where);
                continue;
            }
            assertTrue(s.partLength() >= ReductionSplit.MIN_PART, where);
            assertTrue((long) s.parts() * s.partLength() >= perOutput, where);
            assertTrue((long) (s.parts() - 1) * s.partLength() < perOutput, "an empty last part: " + where);
            assertTrue((long) outputs * s.parts() < 2L * ReductionSplit.TARGET_BLOCKS, where);
        }
    }

    @Test
    void twoPassesGiveTheCpuResultAroundTheThresholds() {
        checkAllOps(Layout.contiguous(1, 8191), new int[] {1});             // one pass: just below
        checkAllOps(Layout.contiguous(8192), new int[] {0});                // two parts of 4096
        checkAllOps(Layout.contiguous(1, 8193), new int[] {0, 1});          // 4097 + 4096
        checkAllOps(Layout.contiguous(8193, 2).permute(new int[] {1, 0}), new int[] {1});   // transposed, 2 outputs
        checkAllOps(new Layout(new int[] {3, 5, 4100}, new int[] {2, 3 * 2 * 4100, 6}, 7), new int[] {1, 2});
        checkAllOps(new Layout(new int[] {3, 20000}, new int[] {20000 * 2 + 1, 2}, 3), new int[] {1});   // a step
        checkAllOps(Layout.contiguous(1 << 16), new int[] {0});             // 16 parts
    }

    @Test
    void tiesAcrossAThousandOutputsGoToTheFirstPosition() {
        // 1023 outputs (the most that still split) of 8192 equal elements each: broadcast along the reduced dim.
        Layout x = new Layout(new int[] {1023, 8192}, new int[] {1, 0}, 0);
        ReductionLayouts r = ReductionLayouts.of(x, new int[] {1});
        assertEquals(new ReductionSplit(2, 4096), r.split());
        check(ReduceOp.ARGMAX, DType.FLOAT64, x, new int[] {1});
        check(ReduceOp.ARGMIN, DType.INT64, x, new int[] {1});
    }

    private void checkAllOps(Layout x, int[] dims) {
        for (ReduceOp op : ReduceOp.values()) {
            for (DType t : new DType[] {DType.FLOAT64, DType.INT64, DType.BOOL}) check(op, t, x, dims);
        }
    }

    /** The emulated two-pass launch of {@code op} over {@code dims} of {@code x} equals the CPU's result. */
    private void check(ReduceOp op, DType t, Layout x, int[] dims) {
        ReductionLayouts r = ReductionLayouts.of(x, dims);
        ReductionSplit split = r.split();
        int size = storageSize(x);
        Object data = data(t, size);
        boolean floating = t.isFloating();
        DType outType = switch (op) {
            case SUM, PROD -> floating ? t : DType.INT64;
            case MAX, MIN -> t;
            case ARGMAX, ARGMIN -> DType.INT64;
        };
        int[] outShape = x.shape().clone();
        for (int d : dims) outShape[d] = 1;
        Layout outLayout = Layout.contiguous(outShape);
        Storage out = cpu.allocate(outType, outLayout.numel());
        cpu.reduce(op, cpu.fromArray(data), x, dims, out, outLayout);
        double[] expected = asDoubles(cpu.toArray(out, outLayout));

        double[] values = asDoubles(data);
        double[] emulated = new double[r.outputs()];
        for (int o = 0; o < r.outputs(); o++) emulated[o] = emulate(op, r, split, values, o, floating);
        String where = op + " " + t + " of " + x + " over " + Arrays.toString(dims) + " in " + split;
        if (op == ReduceOp.MAX || op == ReduceOp.MIN) {   // -0 and +0 tie (ABI.md): the CPU's dense path takes +0
            for (int o = 0; o < emulated.length; o++) if (emulated[o] == 0 && expected[o] == 0) emulated[o] = expected[o];
        }
        assertArrayEquals(expected, emulated, where);
    }

    /** Output {@code o}: pass 1 over each part, pass 2 over its partials, each block's threads in thread order. */
    private static double emulate(ReduceOp op, ReductionLayouts r, ReductionSplit split, double[] x, int o,
                                  boolean floating) {
        long base = StridedWalk.position(r.outer(), o, r.outer());
        int n = r.perOutput();
        boolean[] seen = new boolean[n];
        Partial[] partials = new Partial[split.parts()];
        for (int p = 0; p < split.parts(); p++) {
            long first = (long) p * split.partLength(), end = Math.min(first + split.partLength(), n);
            Partial block = Partial.start(op);
            for (int t = 0; t < BLOCK; t++) {
                Partial thread = Partial.start(op);
                for (long j = first + t; j < end; j += BLOCK) {
                    if (seen[(int) j]) fail("element " + j + " of output " + o + " reduced twice in " + split);
                    seen[(int) j] = true;
                    double v = x[(int) (base + StridedWalk.position(r.inner(), j, r.inner()))];
                    thread = thread.with(op, v, j, floating);
                }
                block = block.combine(op, thread, floating);
            }
            partials[p] = block;
        }
        for (int j = 0; j < n; j++) if (!seen[j]) fail("element " + j + " of output " + o + " not reduced in " + split);
        Partial result = Partial.start(op);
        for (int t = 0; t < BLOCK; t++) {
            Partial thread = Partial.start(op);
            for (int p = t; p < split.parts(); p += BLOCK) thread = thread.combine(op, partials[p], floating);
            result = result.combine(op, thread, floating);
        }
        return switch (op) {
            case ARGMAX, ARGMIN -> result.index < 0 ? 0 : result.index;
            case SUM, PROD -> floating ? result.value : result.integer;
            default -> result.value;
        };
    }

    /**
     * A partial result as reduce_ops.cuh keeps one: a sum or product (floats in double, integers in wrapping
     * int64), or an extreme's value (the data's integers are exact in a double) and position.
     */
    private record Partial(double value, long integer, long index) {
        static Partial start(ReduceOp op) {
            return switch (op) {
                case SUM -> new Partial(0, 0, -1);
                case PROD -> new Partial(1, 1, -1);
                case MAX, ARGMAX -> new Partial(Double.NEGATIVE_INFINITY, 0, -1);
                case MIN, ARGMIN -> new Partial(Double.POSITIVE_INFINITY, 0, -1);
            };
        }

        Partial with(ReduceOp op, double v, long j, boolean floating) {
            return combine(op, new Partial(v, (long) v, j), floating);
        }

        /** reduce_ops.cuh's sum_or_prod and pick: NaN wins, then the extreme, then the lower position. */
        Partial combine(ReduceOp op, Partial b, boolean floating) {
            return switch (op) {
                case SUM -> new Partial(value + b.value, integer + b.integer, -1);
                case PROD -> new Partial(value * b.value, integer * b.integer, -1);
                case MAX, ARGMAX, MIN, ARGMIN -> {
                    if (b.index < 0) yield this;
                    if (index < 0) yield b;
                    boolean aNaN = Double.isNaN(value), bNaN = Double.isNaN(b.value);
                    if (aNaN != bNaN) yield aNaN ? this : b;
                    boolean max = op == ReduceOp.MAX || op == ReduceOp.ARGMAX;
                    if (!aNaN && value != b.value) yield (max ? value > b.value : value < b.value) ? this : b;
                    yield index <= b.index ? this : b;
                }
            };
        }
    }

    /**
     * Values with ties in every part (a few distinct ones, repeating), signed zeros, and for floats NaN at two
     * positions far apart; products stay exact: mostly ones, some -1 and 2 (and a zero that NaN or inf meets).
     */
    private static Object data(DType t, int n) {
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            int at = (k * 7 + 3) % 29;
            v[k] = switch (at) {
                case 0 -> 2;
                case 1, 2 -> -1;
                case 5 -> 3;
                case 6 -> -3;
                case 7 -> k % 2 == 0 ? 0.0 : -0.0;
                default -> 1;
            };
        }
        if (t.isFloating() && n > 100) {
            v[n / 3] = Double.NaN;
            v[n - 5] = Double.NaN;
        }
        return switch (t) {
            case FLOAT64 -> v;
            case INT64 -> Arrays.stream(v).mapToLong(d -> (long) d).toArray();
            case BOOL -> {
                boolean[] b = new boolean[n];
                for (int k = 0; k < n; k++) b[k] = v[k] > 1;
                yield b;
            }
            default -> throw new IllegalArgumentException(t.toString());
        };
    }

    private static double[] asDoubles(Object array) {
        return switch (array) {
            case double[] d -> d;
            case long[] l -> Arrays.stream(l).asDoubleStream().toArray();
            case boolean[] b -> {
                double[] d = new double[b.length];
                for (int i = 0; i < b.length; i++) d[i] = b[i] ? 1 : 0;
                yield d;
            }
            default -> throw new IllegalArgumentException(array.getClass().toString());
        };
    }

    /** Elements {@code x} reaches (strides >= 0). */
    private static int storageSize(Layout x) {
        long last = x.offset();
        for (int d = 0; d < x.rank(); d++) last += (long) (x.size(d) - 1) * x.stride(d);
        return Math.toIntExact(last + 1);
    }
}
