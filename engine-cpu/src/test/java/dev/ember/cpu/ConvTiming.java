package dev.ember.cpu;

import dev.ember.backend.ConvGeometry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Thread CPU time per call of each direction of the float32 convolution (forward, input gradient, weight
 * gradient), called directly on the layers of the side-by-side rows, best and median of 9 rounds of 5 calls: where
 * the time of a convolution layer goes, on a machine too loaded for wall-clock figures. Run with
 * {@code -Dember.threads=1} and the test classpath, e.g.
 * {@code java --add-modules jdk.incubator.vector -Dember.threads=1 -cp benchmarks/target/ember-benchmarks.jar:engine-cpu/target/test-classes
 * dev.ember.cpu.ConvTiming [layer regex]}.
 */
public class ConvTiming {
    private record Layer(String name, int n, int c, int h, int w, int m, int k, int stride, int pad) {}

    public static void main(String[] args) {
        String only = args.length > 0 ? args[0] : ".*";
        Layer[] layers = {
            new Layer("3x3 64x32x28x28 -> 64, pad 1", 64, 32, 28, 28, 64, 3, 1, 1),
            new Layer("4x4/2 64x64x14x14 -> 128, pad 1", 64, 64, 14, 14, 128, 4, 2, 1),
            new Layer("mnist conv1 64x1x28x28 -> 32", 64, 1, 28, 28, 32, 3, 1, 0),
            new Layer("mnist conv2 64x32x26x26 -> 64", 64, 32, 26, 26, 64, 3, 1, 0),
            new Layer("cnn conv1 64x1x28x28 -> 32, pad 1", 64, 1, 28, 28, 32, 3, 1, 1),
            new Layer("cnn conv2 64x32x14x14 -> 64, pad 1", 64, 32, 14, 14, 64, 3, 1, 1),
        };
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (Layer l : layers) {
            if (!l.name().matches(only)) continue;
            ConvGeometry g = new ConvGeometry(l.stride(), l.stride(), l.pad(), l.pad(), 1, 1, 1);
            int oh = g.outH(l.h(), l.k()), ow = g.outW(l.w(), l.k());
            ConvShape s = ConvShape.of(new int[] {l.n(), l.c(), l.h(), l.w()}, new int[] {l.m(), l.c(), l.k(), l.k()},
                    new int[] {l.n(), l.m(), oh, ow}, g);
            float[] x = random(l.n() * l.c() * l.h() * l.w(), 1), wt = random(l.m() * s.kc(), 2), dy = random(l.n() * l.m() * oh * ow, 3);
            float[] y = new float[dy.length], dx = new float[x.length], dw = new float[wt.length];
            Runnable[] directions = {
                () -> Im2colConvolution.FLOAT.forward(s, x, wt, y),
                () -> Im2colConvolution.FLOAT.backwardInput(s, dy, wt, dx),
                () -> Im2colConvolution.FLOAT.backwardWeight(s, x, dy, dw),
            };
            String[] names = {"forward", "input gradient", "weight gradient"};
            for (int d = 0; d < directions.length; d++) {
                double[] ms = new double[9];
                for (int r = -5; r < ms.length; r++) {
                    long t = mx.getCurrentThreadCpuTime();
                    for (int i = 0; i < 5; i++) directions[d].run();
                    if (r >= 0) ms[r] = (mx.getCurrentThreadCpuTime() - t) / 1e6 / 5;
                }
                Arrays.sort(ms);
                System.out.printf("%-36s %-16s best %7.2f  median %7.2f ms CPU/call%n", l.name(), names[d], ms[0], ms[ms.length / 2]);
            }
        }
    }

    private static float[] random(int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[size];
        for (int i = 0; i < size; i++) v[i] = (float) r.nextGaussian();
        return v;
    }
}
