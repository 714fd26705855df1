package dev.ember.distributed;

import dev.ember.DType;
import dev.ember.DTypeException;
import dev.ember.Tensor;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntToDoubleFunction;

/**
 * One rank of {@link MpiCollectivesTest}: every collective, on every dtype and with every op, checked against values
 * computed here from the ranks' formulas. A mismatch throws, which aborts the job (the test then sees a failure).
 */
public final class CollectivesProgram {
    private static int checks;

    /** Rank r's value at index i: integers of both signs, different on every rank. */
    static double value(int i, int r) { return (i % 5 - 2) * (r + 1) + 3 * r - i; }

    static boolean flag(int i, int r) { return (i + r) % 3 == 0; }

    public static void main(String[] args) {
        try (ProcessGroup group = MpiProcessGroup.init()) {
            int r = group.rank();
            int n = group.size();
            for (DType dtype : DType.values()) {
                for (ReduceOp op : ReduceOp.values()) allReduce(group, dtype, op, r, n);
                broadcast(group, dtype, r);
                allGather(group, dtype, r, n);
                for (ReduceOp op : ReduceOp.values()) reduceScatter(group, dtype, op, r, n);
            }
            views(group, r, n);
            large(group, r, n);
            async(group, r, n);
            group.barrier();
            System.out.println("rank " + r + " of " + n + ": " + checks + " checks passed");
        }
    }

    private static Tensor tensor(DType dtype, int count, IntToDoubleFunction values, IntToBoolean flags, int... shape) {
        if (dtype == DType.BOOL) {
            boolean[] b = new boolean[count];
            for (int i = 0; i < count; i++) b[i] = flags.test(i);
            return Tensor.of(b).reshape(shape);
        }
        double[] d = new double[count];
        for (int i = 0; i < count; i++) d[i] = values.applyAsDouble(i);
        return Tensor.of(d).to(dtype).reshape(shape);
    }

    interface IntToBoolean { boolean test(int i); }

    private static double reduce(ReduceOp op, int n, IntToDoubleFunction ofRank) {
        double acc = ofRank.applyAsDouble(0);
        for (int q = 1; q < n; q++) {
            double v = ofRank.applyAsDouble(q);
            acc = switch (op) {
                case SUM, AVERAGE -> acc + v;
                case MAX -> Math.max(acc, v);
                case MIN -> Math.min(acc, v);
            };
        }
        return op == ReduceOp.AVERAGE ? acc / n : acc;
    }

    private static boolean reduceFlags(ReduceOp op, int n, java.util.function.IntPredicate ofRank) {
        boolean any = false, all = true;
        for (int q = 0; q < n; q++) {
            any |= ofRank.test(q);
            all &= ofRank.test(q);
        }
        return op == ReduceOp.MIN ? all : any;
    }

    private static void allReduce(ProcessGroup group, DType dtype, ReduceOp op, int r, int n) {
        Tensor x = tensor(dtype, 6, i -> value(i, r), i -> flag(i, r), 2, 3);
        String what = "allReduce " + op + " " + dtype;
        if (op == ReduceOp.AVERAGE && !dtype.isFloating()) {
            expectThrows(what, () -> group.allReduce(x, op));
            return;
        }
        group.allReduce(x, op);
        check(what, dtype, x, 6, i -> reduce(op, n, q -> value(i, q)), i -> reduceFlags(op, n, q -> flag(i, q)));
        if (!Arrays.equals(x.shape(), new int[] {2, 3}) || x.dtype() != dtype) throw new AssertionError(what + ": shape or dtype changed");
    }

    private static void broadcast(ProcessGroup group, DType dtype, int r) {
        Tensor x = tensor(dtype, 5, i -> value(i, r), i -> flag(i, r), 5);
        group.broadcast(x, 1);
        check("broadcast from 1 " + dtype, dtype, x, 5, i -> value(i, 1), i -> flag(i, 1));
    }

    private static void allGather(ProcessGroup group, DType dtype, int r, int n) {
        Tensor x = tensor(dtype, 6, i -> value(i, r), i -> flag(i, r), 3, 2);
        Tensor all = group.allGather(x);
        if (!Arrays.equals(all.shape(), new int[] {3 * n, 2})) throw new AssertionError("allGather shape " + Arrays.toString(all.shape()));
        check("allGather " + dtype, dtype, all, 6 * n, i -> value(i % 6, i / 6), i -> flag(i % 6, i / 6));
        Tensor scalar = group.allGather(tensor(dtype, 1, i -> value(7, r), i -> flag(1, r)));
        check("allGather of a scalar " + dtype, dtype, scalar, n, q -> value(7, q), q -> flag(1, q));
    }

    private static void reduceScatter(ProcessGroup group, DType dtype, ReduceOp op, int r, int n) {
        int rows = 2 * n;
        Tensor x = tensor(dtype, rows * 3, i -> value(i, r), i -> flag(i, r), rows, 3);
        String what = "reduceScatter " + op + " " + dtype;
        if (op == ReduceOp.AVERAGE && !dtype.isFloating()) {
            expectThrows(what, () -> group.reduceScatter(x, op));
            return;
        }
        Tensor mine = group.reduceScatter(x, op);
        if (!Arrays.equals(mine.shape(), new int[] {2, 3})) throw new AssertionError(what + " shape " + Arrays.toString(mine.shape()));
        int base = r * 6;
        check(what, dtype, mine, 6, i -> reduce(op, n, q -> value(base + i, q)),
                i -> reduceFlags(op, n, q -> flag(base + i, q)));
    }

    /** A transposed view and a narrowed one (an offset into the storage) are reduced in place through copies. */
    private static void views(ProcessGroup group, int r, int n) {
        Tensor base = tensor(DType.FLOAT64, 12, i -> value(i, r), null, 3, 4);
        Tensor t = base.t();
        group.allReduce(t, ReduceOp.SUM);
        check("allReduce of a transposed view", DType.FLOAT64, base, 12, i -> reduce(ReduceOp.SUM, n, q -> value(i, q)), null);
        Tensor row = tensor(DType.INT64, 12, i -> value(i, r), null, 3, 4);
        group.allReduce(row.narrow(0, 1, 1), ReduceOp.MAX);
        check("allReduce of a narrowed view", DType.INT64, row, 12,
                i -> i >= 4 && i < 8 ? reduce(ReduceOp.MAX, n, q -> value(i, q)) : value(i, r), null);
    }

    /** A million float32s: MPI's large-message path (pipelined rings), and every element checked. */
    private static void large(ProcessGroup group, int r, int n) {
        int count = 1_000_003;
        Tensor x = tensor(DType.FLOAT32, count, i -> value(i % 1000, r), null, count);
        group.allReduce(x, ReduceOp.SUM);
        check("allReduce of 1000003 floats", DType.FLOAT32, x, count, i -> reduce(ReduceOp.SUM, n, q -> value(i % 1000, q)), null);
    }

    private static void async(ProcessGroup group, int r, int n) {
        Tensor a = tensor(DType.FLOAT32, 7, i -> value(i, r), null, 7);
        Tensor b = tensor(DType.FLOAT32, 6, i -> value(i + 7, r), null, 2, 3);
        Work work = group.allReduceAsync(List.of(a, b), ReduceOp.AVERAGE);
        work.await();
        work.await();
        check("allReduceAsync AVERAGE (first)", DType.FLOAT32, a, 7, i -> reduce(ReduceOp.AVERAGE, n, q -> value(i, q)), null);
        check("allReduceAsync AVERAGE (second)", DType.FLOAT32, b, 6, i -> reduce(ReduceOp.AVERAGE, n, q -> value(i + 7, q)), null);
    }

    private static void check(String what, DType dtype, Tensor actual, int count, IntToDoubleFunction expected,
                              IntToBoolean expectedFlags) {
        checks++;
        if (actual.dtype() != dtype) throw new AssertionError(what + ": dtype " + actual.dtype());
        if (actual.numel() != count) throw new AssertionError(what + ": " + actual.numel() + " elements, expected " + count);
        if (dtype == DType.BOOL) {
            boolean[] got = actual.toBooleanArray();
            for (int i = 0; i < count; i++) {
                if (got[i] != expectedFlags.test(i)) throw new AssertionError(what + ": element " + i + " is " + got[i]);
            }
            return;
        }
        double[] got = actual.toDoubleArray();
        for (int i = 0; i < count; i++) {
            double e = expected.applyAsDouble(i);
            if (dtype.isInteger()) e = Math.floor(e);
            // sums of small integers are exact in every dtype; an average divides by 2 exactly
            if (got[i] != e) throw new AssertionError(what + ": element " + i + " is " + got[i] + ", expected " + e);
        }
    }

    private static void expectThrows(String what, Runnable call) {
        checks++;
        try {
            call.run();
        } catch (DTypeException expected) {
            return;
        }
        throw new AssertionError(what + " should throw DTypeException");
    }
}
