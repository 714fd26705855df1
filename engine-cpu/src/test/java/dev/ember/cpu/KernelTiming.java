package dev.ember.cpu;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.SplittableRandom;

/**
 * Thread CPU time per element of the transcendental kernels, called directly on one thread, best of 15 reps: a
 * figure that holds on a loaded machine, where wall-clock JMH does not (docs/benchmarks.md). Run it with the
 * test classpath, e.g. {@code java --add-modules jdk.incubator.vector -cp <engine-cpu and engine-api classes,
 * test classes> dev.ember.cpu.KernelTiming}.
 */
public class KernelTiming {
    interface Kernel { void run(); }

    public static void main(String[] args) {
        int n = 1 << 18;
        float[] x = new float[n], out = new float[n];
        double[] xd = new double[n], outd = new double[n];
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < n; i++) { xd[i] = 3 * r.nextGaussian(); x[i] = (float) xd[i]; }
        double[] positive = new double[n];
        for (int i = 0; i < n; i++) positive[i] = Math.abs(xd[i]);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Kernel[] ks = {
            () -> FloatVectorLoops.exp(x, 0, 1, out, 0, n),
            () -> FloatVectorLoops.tanh(x, 0, 1, out, 0, n),
            () -> FloatVectorLoops.sigmoid(x, 0, 1, out, 0, n),
            () -> FloatVectorLoops.log(out, 0, 1, out, 0, n),
            () -> FloatVectorLoops.sin(x, 0, 1, out, 0, n),
            () -> { for (int row = 0; row < 256; row++) Simd.SOFTMAX_ROWS.softmax(x, row * 1024, out, row * 1024, 1024, false); },
            () -> DoubleVectorLoops.exp(xd, 0, 1, outd, 0, n),
            () -> DoubleVectorLoops.tanh(xd, 0, 1, outd, 0, n),
            () -> DoubleVectorLoops.sigmoid(xd, 0, 1, outd, 0, n),
            () -> DoubleVectorLoops.log(positive, 0, 1, outd, 0, n),
            () -> DoubleVectorLoops.log1p(positive, 0, 1, outd, 0, n),
            () -> DoubleVectorLoops.elu(xd, 0, 1, 1.0, outd, 0, n),
        };
        String[] names = {"exp f32", "tanh f32", "sigmoid f32", "log f32", "sin f32", "softmax f32", "exp f64", "tanh f64", "sigmoid f64",
            "log f64", "log1p f64", "elu f64"};
        for (int k = 0; k < ks.length; k++) {
            for (int i = 0; i < 300; i++) ks[k].run();
            long best = Long.MAX_VALUE;
            for (int rep = 0; rep < 15; rep++) {
                long t = mx.getCurrentThreadCpuTime();
                for (int i = 0; i < 20; i++) ks[k].run();
                best = Math.min(best, mx.getCurrentThreadCpuTime() - t);
            }
            System.out.printf("%-12s %.3f ns/element%n", names[k], best / 20.0 / n);
        }
    }
}
