package dev.ember.cpu;

import dev.ember.DType;
import dev.ember.backend.Layout;
import dev.ember.backend.ReduceOp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Wall-clock GB/s (4 B per element) of the full float32 sum through {@link CpuReduce} (DenseReduce's pieces, split
 * over {@code -Dember.threads}) with three row kernels taking turns on the same array in one JVM: the 256-bit loop
 * of commit 841b2ed, the kernel {@link Simd} chose, and a float-lane read loop without widening (the practical
 * ceiling of a read of that array). Turns of 0.2 s, best and median call. Taking turns in one JVM matters on this
 * VM: two JVMs running the same jar read DRAM at rates up to 1.7x apart (the array's physical placement and the
 * host's phases), more than the kernels differ. Run with the test classpath, e.g.
 * {@code java --add-modules jdk.incubator.vector -Xms2g -Xmx2g -XX:+AlwaysPreTouch -Dember.threads=1
 * -cp benchmarks/target/ember-benchmarks.jar:engine-cpu/target/test-classes dev.ember.cpu.SumTiming [sizes] [turns]}.
 */
public class SumTiming {
    private static final VectorSpecies<Double> D4 = DoubleVector.SPECIES_256;
    private static final VectorSpecies<Float> F8 = FloatVector.SPECIES_256;
    private static volatile double sink;

    public static void main(String[] args) {
        String sizes = args.length > 0 ? args[0] : "16384,262144,1048576,4194304,16777216";
        int turns = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        String[] names = {"841b2ed 256-bit", "Simd's rows", "float read loop"};
        for (String size : sizes.split(",")) {
            int n = Integer.parseInt(size);
            float[] f = new float[n];
            SplittableRandom r = new SplittableRandom(42);
            for (int i = 0; i < n; i++) f[i] = (float) r.nextGaussian();
            CpuStorage x = CpuStorage.wrap(f);
            CpuStorage out = CpuStorage.allocate(DType.FLOAT32, 1);
            ReductionRows[] rows = {new Rows256(), Simd.REDUCTION_ROWS};
            List<List<Double>> times = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            float[] sums = new float[2];
            for (int turn = 0; turn < turns; turn++)
                for (int k = 0; k < 3; k++)
                    for (long end = System.nanoTime() + 200_000_000L; System.nanoTime() < end; ) {
                        long t0 = System.nanoTime();
                        if (k == 2) readAll(f);
                        else CpuReduce.reduce(rows[k], ReduceOp.SUM, x, Layout.contiguous(n), new int[] {0}, out);
                        times.get(k).add((double) (System.nanoTime() - t0));
                        if (k < 2) sums[k] = ((float[]) out.array)[0];
                    }
            StringBuilder line = new StringBuilder(String.format("threads %s, %,d floats, GB/s best / median:",
                    System.getProperty("ember.threads", "all"), n));
            for (int k = 0; k < 3; k++) {
                List<Double> t = times.get(k);
                Collections.sort(t);
                line.append(String.format("  %s %.1f / %.1f", names[k], 4.0 * n / t.get(0), 4.0 * n / t.get(t.size() / 2)));
            }
            System.out.println(line.append(sums[0] == sums[1] ? "" : "  (the two sums differ!)"));
        }
    }

    /** The float-lane read over the same pieces and split: eight 256-bit float accumulators, no widening. */
    private static void readAll(float[] x) {
        int n = x.length;
        int pieces = (n + DenseReduce.PIECE - 1) / DenseReduce.PIECE;
        double[] partial = new double[pieces];
        Parallel.forRange(pieces, n, (start, end) -> {
            for (int u = start; u < end; u++) {
                int from = u * DenseReduce.PIECE, to = Math.min(n, from + DenseReduce.PIECE);
                FloatVector a0 = FloatVector.zero(F8), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
                int i = from;
                for (; i <= to - 64; i += 64) {
                    a0 = a0.add(FloatVector.fromArray(F8, x, i));
                    a1 = a1.add(FloatVector.fromArray(F8, x, i + 8));
                    a2 = a2.add(FloatVector.fromArray(F8, x, i + 16));
                    a3 = a3.add(FloatVector.fromArray(F8, x, i + 24));
                    a4 = a4.add(FloatVector.fromArray(F8, x, i + 32));
                    a5 = a5.add(FloatVector.fromArray(F8, x, i + 40));
                    a6 = a6.add(FloatVector.fromArray(F8, x, i + 48));
                    a7 = a7.add(FloatVector.fromArray(F8, x, i + 56));
                }
                double s = a0.add(a1).add(a2.add(a3)).add(a4.add(a5).add(a6.add(a7))).reduceLanes(VectorOperators.ADD);
                for (; i < to; i++) s += x[i];
                partial[u] = s;
            }
        });
        double s = 0;
        for (double p : partial) s += p;
        sink = s;
    }

    /** The float32 SUM rows of commit 841b2ed: four 4-lane double accumulators, sixteen floats widened per step. */
    private static final class Rows256 implements ReductionRows {
        @Override
        public double reduce(ReduceOp op, float[] x, int start, int n) {
            DoubleVector a0 = DoubleVector.zero(D4), a1 = a0, a2 = a0, a3 = a0;
            int i = 0;
            for (; i <= n - 16; i += 16) {
                FloatVector v = FloatVector.fromArray(F8, x, start + i);
                FloatVector w = FloatVector.fromArray(F8, x, start + i + 8);
                a0 = a0.add(v.convertShape(VectorOperators.F2D, D4, 0));
                a1 = a1.add(v.convertShape(VectorOperators.F2D, D4, 1));
                a2 = a2.add(w.convertShape(VectorOperators.F2D, D4, 0));
                a3 = a3.add(w.convertShape(VectorOperators.F2D, D4, 1));
            }
            DoubleVector c = a0.add(a1).add(a2.add(a3));
            double s = 0;
            for (int l = 0; l < 4; l++) s += c.lane(l);
            for (; i < n; i++) s += x[start + i];
            return s;
        }

        @Override
        public double reduce(ReduceOp op, double[] x, int start, int n) { throw new UnsupportedOperationException("float32 SUM only"); }

        @Override
        public void accumulate(ReduceOp op, float[] x, int start, double[] acc, int n) { throw new UnsupportedOperationException("float32 SUM only"); }

        @Override
        public void accumulate(ReduceOp op, double[] x, int start, double[] acc, int n) { throw new UnsupportedOperationException("float32 SUM only"); }
    }
}
