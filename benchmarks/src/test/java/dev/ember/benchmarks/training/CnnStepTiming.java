package dev.ember.benchmarks.training;

import dev.ember.Device;
import dev.ember.Generator;
import dev.ember.MemoryScope;
import dev.ember.Tensor;
import dev.ember.backend.Backend;
import dev.ember.backend.Backends;
import dev.ember.backend.Layout;
import dev.ember.nn.Module;
import dev.ember.nn.data.Batch;
import dev.ember.nn.data.DataLoader;
import dev.ember.nn.data.FashionMnist;
import dev.ember.nn.loss.CrossEntropyLoss;
import dev.ember.nn.optim.Adam;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Where the Fashion-MNIST CNN epoch's training step ({@link BenchmarkModels#cnn}, Adam, batch 64, the step of
 * {@code benchmarks/side-by-side.sh --epoch}) spends the calling thread's CPU time, per backend call: the CPU backend
 * is wrapped in a proxy that times each call with the thread's CPU clock, keyed by the step's phase (data, forward,
 * backward, optimizer), the backend method, its op and its shapes; what the phase spends outside backend calls is its
 * "Java side" row. Run with {@code -Dember.threads=1} (with more threads, the pool threads' time is not counted).
 * PyTorch's twin: {@code benchmarks/pytorch/cnn_step_profile.py}.
 * <pre>
 * java -Xss8m -Xms2g -Xmx2g -XX:+AlwaysPreTouch --add-modules jdk.incubator.vector -Dember.threads=1 \
 *     -cp benchmarks/target/ember-benchmarks.jar:benchmarks/target/test-classes \
 *     dev.ember.benchmarks.training.CnnStepTiming [warmup steps] [timed steps]
 * </pre>
 */
public final class CnnStepTiming {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    private static final Map<String, long[]> TIMES = new LinkedHashMap<>();   // key -> {nanos, calls}
    private static String phase = "data";
    private static long inBackend;
    private static boolean recording;

    private CnnStepTiming() {}

    public static void main(String[] args) throws Exception {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 150;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        installTimingBackend();
        FashionMnist data = FashionMnist.load(Path.of(FashionMnist.DEBIAN_DIR));
        DataLoader loader = DataLoader.builder(data.train()).batchSize(64).shuffle(42).dropLast(true).build();
        Module model = BenchmarkModels.cnn(new Generator(42));
        Adam adam = new Adam(model.parameters(), 1e-3);
        CrossEntropyLoss loss = new CrossEntropyLoss();
        Iterator<Batch> epoch = loader.iterator();
        long total = 0;
        for (int s = -warmup; s < steps; s++) {
            recording = s >= 0;
            if (!epoch.hasNext()) epoch = loader.iterator();
            long start = MX.getCurrentThreadCpuTime();
            try (MemoryScope scope = MemoryScope.open()) {
                Batch b = phase("data", epoch::next);
                Tensor value = phase("forward", () -> loss.apply(model.forward(b.inputs()), b.targets()));
                phase("backward", () -> {
                    value.backward();
                    return null;
                });
                phase("optimizer", () -> {
                    adam.step();
                    adam.zeroGrad();
                    return value.item();
                });
                phase = "scope close";
            }
            if (recording) total += MX.getCurrentThreadCpuTime() - start;
        }
        System.out.printf("threads %s, batch 64, %d steps: %.2f ms CPU per step (calling thread, timer included)%n",
                System.getProperty("ember.threads", "default"), steps, total / 1e6 / steps);
        TIMES.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0])).forEach(e ->
                System.out.printf("%9.3f ms %6.1f calls  %s%n", e.getValue()[0] / 1e6 / steps, (double) e.getValue()[1] / steps, e.getKey()));
    }

    private interface Body<T> {
        T run() throws Exception;
    }

    private static <T> T phase(String name, Body<T> body) throws Exception {
        phase = name;
        inBackend = 0;
        long start = MX.getCurrentThreadCpuTime();
        T result = body.run();
        add(name + " | Java side (outside backend calls)", MX.getCurrentThreadCpuTime() - start - inBackend);
        return result;
    }

    private static void add(String key, long nanos) {
        if (!recording) return;
        long[] t = TIMES.computeIfAbsent(key, k -> new long[2]);
        t[0] += nanos;
        t[1]++;
    }

    /** Puts a timing proxy of the CPU backend where {@link Backends#of} finds it, before any tensor exists. */
    @SuppressWarnings("unchecked")
    private static void installTimingBackend() throws ReflectiveOperationException {
        Backend cpu = Backends.of(Device.CPU);
        Backend timed = (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class},
                (proxy, method, args) -> {
                    long start = MX.getCurrentThreadCpuTime();
                    try {
                        return method.invoke(cpu, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    } finally {
                        long spent = MX.getCurrentThreadCpuTime() - start;
                        inBackend += spent;
                        if (!method.getName().equals("device")) add(phase + " | " + describe(method.getName(), args), spent);
                    }
                });
        var open = Backends.class.getDeclaredField("OPEN");
        open.setAccessible(true);
        ((Map<Device, Backend>) open.get(null)).put(Device.CPU, timed);
    }

    private static String describe(String method, Object[] args) {
        StringJoiner j = new StringJoiner(" ", method + " ", "");
        if (args == null) return method;
        for (Object a : args) {
            if (a instanceof Enum<?> e) j.add(e.name());
            else if (a instanceof Layout l) j.add(Arrays.toString(l.shape()));
            else if (a instanceof int[] shape) j.add(Arrays.toString(shape));
            else if (a instanceof Long size && method.equals("allocate") || a instanceof Long && method.equals("zeros")) j.add(a.toString());
        }
        return j.toString();
    }
}
