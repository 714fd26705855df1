package dev.ember.benchmarks;

import dev.ember.DType;
import dev.ember.Generator;
import dev.ember.MemoryScope;
import dev.ember.Tensor;
import dev.ember.nn.Gradients;
import dev.ember.nn.init.Init;
import dev.ember.nn.layers.Conv2d;
import org.openjdk.jmh.infra.Blackhole;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The calling thread's CPU time per call of some side-by-side workloads, for a machine too loaded for wall-clock
 * figures (other processes' time is not counted): run with {@code -Dember.threads=1}, so every kernel runs on the
 * calling thread; with more threads it also prints the CPU time of the calling thread and Ember's pool threads
 * together (the cost of the work a split duplicates, such as packing, shows there). Prints, per workload, the best and
 * the median of {@code rounds} rounds of {@code calls} calls, in ms of CPU time per call, and the median bytes the
 * calling thread allocated per call, after {@code warmup} rounds. PyTorch's twin:
 * {@code benchmarks/pytorch/thread_cpu_time.py}.
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
        for (String dtype : new String[] {"FLOAT32", "BFLOAT16", "FLOAT16"}) {
            MatmulBenchmark gemm = new MatmulBenchmark();
            gemm.n = 512;
            gemm.dtype = DType.valueOf(dtype);
            gemm.setup();
            workloads.put("gemm 512 " + dtype.toLowerCase(), gemm::matmul);
        }
        TrainingStepBenchmark steps = new TrainingStepBenchmark();
        TrainingStepBenchmark.Cnn cnn = new TrainingStepBenchmark.Cnn();
        cnn.setup();
        workloads.put("cnn step float32", () -> steps.cnnStep(cnn));
        for (String dtype : new String[] {"BFLOAT16", "FLOAT16"}) {
            TrainingStepBenchmark.CnnAutocast mixed = new TrainingStepBenchmark.CnnAutocast();
            mixed.dtype = DType.valueOf(dtype);
            mixed.setup();
            workloads.put("cnn step autocast " + dtype.toLowerCase(), () -> steps.cnnStepAutocast(mixed));
        }
        for (int n : new int[] {256, 512, 1024}) {
            MatmulBenchmark matmul = new MatmulBenchmark();
            matmul.n = n;
            matmul.dtype = DType.FLOAT32;
            matmul.setup();
            workloads.put("sgemm " + n, matmul::matmul);
        }
        ReductionBenchmark.SoftmaxInput softmaxInput = new ReductionBenchmark.SoftmaxInput();
        softmaxInput.setup();
        ReductionBenchmark reductions = new ReductionBenchmark();
        workloads.put("softmax rows 1024x1024", () -> reductions.softmax(softmaxInput));
        workloads.put("softmax rows 1024x1024, output closed", () -> {
            reductions.softmaxOutputClosed(softmaxInput, hole);
            return null;
        });
        // a DCGAN discriminator's last layer: Conv2d(128, 1, 7) on [64, 128, 7, 7], each image's output one value
        Generator g = new Generator(42);
        Tensor x7 = g.randn(64, 128, 7, 7).requiresGrad(true);
        Conv2d last = new Conv2d(128, 1, new int[] {7, 7}, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 1,
                Init.normal(0, 1), Init.normal(0, 1), g);
        workloads.put("conv2d 7x7 to 1x1 fwd+bwd", () -> {
            last.zeroGrad();
            Gradients.release(List.of(x7));
            try (MemoryScope scope = MemoryScope.open()) {
                last.forward(x7).sum().backward();
            }
            return last.weight().value().grad();
        });
        TrainingStepBenchmark.MnistCnn mnist = new TrainingStepBenchmark.MnistCnn();
        mnist.setup();
        workloads.put("mnist cnn step, batch 64", () -> mnist.step.run(mnist.images, mnist.labels));
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (var w : workloads.entrySet()) {
            if (!w.getKey().matches(only)) continue;
            double[] ms = new double[rounds], all = new double[rounds], mb = new double[rounds];
            for (int r = -warmup; r < rounds; r++) {
                long start = mx.getCurrentThreadCpuTime(), bytes = mx.getCurrentThreadAllocatedBytes();
                Map<Long, Long> workersAtStart = workerCpuTimes(mx);
                for (int i = 0; i < calls; i++) hole.consume(w.getValue().get());
                double perCall = (mx.getCurrentThreadCpuTime() - start) / 1e6 / calls;
                double mbPerCall = (mx.getCurrentThreadAllocatedBytes() - bytes) / 1e6 / calls;
                long workers = 0;
                for (var t : workerCpuTimes(mx).entrySet()) workers += t.getValue() - workersAtStart.getOrDefault(t.getKey(), 0L);
                if (r >= 0) {
                    ms[r] = perCall;
                    all[r] = perCall + workers / 1e6 / calls;
                    mb[r] = mbPerCall;
                }
            }
            java.util.Arrays.sort(ms);
            java.util.Arrays.sort(all);
            java.util.Arrays.sort(mb);
            System.out.printf("%-34s best %8.2f  median %8.2f ms CPU/call;  all Ember threads: best %8.2f  median %8.2f;"
                    + "  median %8.2f MB allocated/call%n", w.getKey(), ms[0], ms[rounds / 2], all[0], all[rounds / 2], mb[rounds / 2]);
        }
    }

    /** CPU time so far of each of Ember's pool threads ({@code -Dember.threads} above 1), by thread id. */
    private static Map<Long, Long> workerCpuTimes(ThreadMXBean mx) {
        Map<Long, Long> times = new java.util.HashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("ember-cpu-")) times.put(t.threadId(), mx.getThreadCpuTime(t.threadId()));
        }
        return times;
    }
}
