package dev.ember.benchmarks;

import org.openjdk.jmh.infra.Blackhole;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The calling thread's CPU time per call of some side-by-side workloads, for a machine too loaded for wall-clock
 * figures (other processes' time is not counted): run with {@code -Dember.threads=1}, so every kernel runs on the
 * calling thread. Prints, per workload, the best and the median of {@code rounds} rounds of {@code calls} calls,
 * in ms of CPU time per call, and the median bytes the thread allocated per call, after {@code warmup} rounds.
 * PyTorch's twin: {@code benchmarks/pytorch/thread_cpu_time.py} (which has no {@code cnn step}).
 * <pre>
 * java -Xss8m -Xms2g -Xmx2g -XX:+AlwaysPreTouch --add-modules jdk.incubator.vector -Dember.threads=1 \
 *     -cp benchmarks/target/ember-benchmarks.jar dev.ember.benchmarks.ThreadCpuTime [workload regex]
 * </pre>
 */
public final class ThreadCpuTime {
    private ThreadCpuTime() {}

    public static void main(String[] args) throws Exception {
        String only = args.length > 0 ? args[0] : ".*";
        int warmup = 5, rounds = 9, calls = 5;
        Blackhole hole = new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        Map<String, Supplier<Object>> workloads = new LinkedHashMap<>();
        BatchNormBenchmark fused = new BatchNormBenchmark();
        fused.impl = "fused";
        fused.setup();
        workloads.put("batchnorm2d fwd+bwd (fused)", fused::forwardBackward);
        BatchNormBenchmark composite = new BatchNormBenchmark();
        composite.impl = "composite";
        composite.setup();
        workloads.put("batchnorm2d fwd+bwd (composite)", composite::forwardBackward);
        Conv2dLayerBenchmark conv = new Conv2dLayerBenchmark();
        conv.setup();
        workloads.put("conv2d fwd+bwd", conv::forwardBackward);
        StridedConvBenchmark strided = new StridedConvBenchmark();
        strided.setup();
        workloads.put("conv2d 4x4/2 fwd+bwd", strided::forwardBackward);
        TrainingStepBenchmark.Cnn cnn = new TrainingStepBenchmark.Cnn();
        cnn.setup();
        workloads.put("cnn step", () -> cnn.step.run(cnn.images, cnn.labels));
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (var w : workloads.entrySet()) {
            if (!w.getKey().matches(only)) continue;
            double[] ms = new double[rounds], mb = new double[rounds];
            for (int r = -warmup; r < rounds; r++) {
                long start = mx.getCurrentThreadCpuTime(), bytes = mx.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < calls; i++) hole.consume(w.getValue().get());
                double perCall = (mx.getCurrentThreadCpuTime() - start) / 1e6 / calls;
                double mbPerCall = (mx.getCurrentThreadAllocatedBytes() - bytes) / 1e6 / calls;
                if (r >= 0) { ms[r] = perCall; mb[r] = mbPerCall; }
            }
            java.util.Arrays.sort(ms);
            java.util.Arrays.sort(mb);
            System.out.printf("%-34s best %8.2f  median %8.2f ms CPU/call, median %8.2f MB allocated/call%n",
                    w.getKey(), ms[0], ms[rounds / 2], mb[rounds / 2]);
        }
    }
}
