package dev.ember.cuda.kernels;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ember.DType;
import dev.ember.Device;
import dev.ember.backend.Backend;
import dev.ember.backend.Backends;
import dev.ember.backend.BinaryOp;
import dev.ember.backend.CounterRandom;
import dev.ember.backend.HalfConversions;
import dev.ember.backend.Layout;
import dev.ember.backend.Storage;
import dev.ember.backend.UnaryOp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The kernels' element functions and per-thread work against Java, where nvcc exists: src/test/cuda/host_check.cu
 * includes them from src/main/cuda, is compiled for the host, and prints their results for fixed inputs; each is
 * compared with CounterRandom, HalfConversions or with the CPU backend running the same op. The element functions:
 * casts (the half types' conversions to and from float32 for every 16-bit pattern and about a million float32 ones), unary
 * and binary ops, NaN-aware max/min, integer wrapping, CounterRandom. The per-thread work (KernelLines): the index
 * math, window math and combining rules of the reductions, softmax, gather, scatter, sort, pooling, scans and random fills, on strided,
 * broadcast, offset and empty layouts of rank 0 to 8. Random bits, casts and everything that rounds once match
 * bit for bit; transcendental functions within {@link #ULPS} (the host's libm here, CUDA's on the GPU, Java's on
 * the CPU). What this cannot check is the GPU itself: CUDA's device math library, the block-level combining
 * (shuffles, shared memory, barriers) and atomics.
 */
class HostCheckTest {
    private static final int ULPS = 2;
    private static final Set<UnaryOp> UNARY_WITHIN_ULPS = EnumSet.of(UnaryOp.EXP, UnaryOp.LOG, UnaryOp.LOG1P,
            UnaryOp.RSQRT, UnaryOp.SIN, UnaryOp.COS, UnaryOp.TANH, UnaryOp.SIGMOID, UnaryOp.ELU, UnaryOp.SOFTPLUS,
            UnaryOp.EXP2, UnaryOp.EXPM1, UnaryOp.LOG2, UnaryOp.LOG10, UnaryOp.SINH, UnaryOp.COSH, UnaryOp.TAN,
            UnaryOp.ASIN, UnaryOp.ACOS, UnaryOp.ATAN, UnaryOp.ERF, UnaryOp.ERFC);
    private static final Set<BinaryOp> BINARY_WITHIN_ULPS = EnumSet.of(BinaryOp.POW, BinaryOp.ATAN2, BinaryOp.HYPOT);
    private static final Path BUILD = Path.of("target/host-check");

    private final Backend cpu = Backends.of(Device.CPU);
    private final Comparisons results = new Comparisons();

    @Test
    void elementFunctionsMatchJava() throws IOException, InterruptedException {
        Path nvcc = Nvcc.find().orElse(null);
        assumeTrue(nvcc != null, "no nvcc ($NVCC, /usr/local/cuda/bin/nvcc, PATH): the host check of the kernels'"
                + " element functions is skipped");
        Files.createDirectories(BUILD);
        Path program = BUILD.resolve("host_check");
        run(120, nvcc.toString(), "-std=c++17", "-O2", "-Xcompiler", "-ffp-contract=off", "-I", "src/main/cuda",
                "-o", program.toString(), "src/test/cuda/host_check.cu");
        List<String> lines = run(60, program.toAbsolutePath().toString());

        Map<String, List<String[]>> groups = new LinkedHashMap<>();
        KernelLines kernels = new KernelLines(cpu, results);
        for (String line : lines) {
            String[] f = line.split(" ");
            switch (f[0]) {
                case "random" -> checkRandom(f);
                case "half" -> checkHalf(f);
                case "fill" -> checkFill(f);
                case "copy", "unary" -> groups.computeIfAbsent(key(f, 2), k -> new ArrayList<>()).add(f);
                case "binary" -> groups.computeIfAbsent(key(f, 3), k -> new ArrayList<>()).add(f);
                case "reduce", "softmax", "gather", "scatter", "sort", "pool", "scan", "random_fill" -> kernels.check(f);
                default -> fail("host_check printed a line of no known kind: " + line);
            }
        }
        groups.values().forEach(this::checkGroup);

        List<String> failures = results.failures();
        assertTrue(results.count() > 10_000, "host_check printed only " + results.count() + " values");
        assertTrue(failures.isEmpty(), failures.size() + " of " + results.count() + " values differ from Java:\n"
                + String.join("\n", failures.subList(0, Math.min(40, failures.size()))));
    }

    /** random KIND SEED INDEX RESULT */
    private void checkRandom(String[] f) {
        long seed = ElementBits.parse(f[2]), index = ElementBits.parse(f[3]);
        switch (f[1]) {
            case "bits" -> check(f, DType.INT64, CounterRandom.bits(seed, index), 0);
            case "uniform" -> check(f, DType.FLOAT64, Double.doubleToRawLongBits(CounterRandom.uniform(seed, index)), 0);
            case "uniform_float" ->
                    check(f, DType.FLOAT32, Float.floatToRawIntBits(CounterRandom.uniformFloat(seed, index)) & 0xffffffffL, 0);
            case "normal" -> check(f, DType.FLOAT64, Double.doubleToRawLongBits(CounterRandom.normal(seed, index)), ULPS);
            default -> fail("unknown random line: " + String.join(" ", f));
        }
    }

    /**
     * half KIND IN RESULT: the kernels' conversions between float32 and the half types against HalfConversions, bit
     * for bit (NaN payloads included: the float results are compared as int32 bits).
     */
    private void checkHalf(String[] f) {
        int in = (int) ElementBits.parse(f[2]);
        switch (f[1]) {
            case "f16_f32" -> check(f, DType.INT32, Float.floatToRawIntBits(HalfConversions.float16ToFloat((short) in)) & 0xffffffffL, 0);
            case "bf16_f32" -> check(f, DType.INT32, Float.floatToRawIntBits(HalfConversions.bfloat16ToFloat((short) in)) & 0xffffffffL, 0);
            case "f32_f16" -> check(f, DType.FLOAT16, HalfConversions.floatToFloat16(Float.intBitsToFloat(in)) & 0xffffL, 0);
            case "f32_bf16" -> check(f, DType.BFLOAT16, HalfConversions.floatToBfloat16(Float.intBitsToFloat(in)) & 0xffffL, 0);
            default -> fail("unknown half line: " + String.join(" ", f));
        }
    }

    /** fill D X RESULT: one CPU fill per value. */
    private void checkFill(String[] f) {
        DType d = ElementBits.dtype(f[1]);
        Layout one = Layout.contiguous(1);
        Storage out = cpu.allocate(d, 1);
        cpu.fill(out, one, ElementBits.asDouble(ElementBits.parse(f[2])));
        check(f, d, ElementBits.bits(cpu.toArray(out, one), 0), 0);
    }

    /** Lines that differ only in their inputs and result run as one CPU call over arrays. */
    private void checkGroup(List<String[]> lines) {
        String[] first = lines.getFirst();
        int n = lines.size();
        Layout layout = Layout.contiguous(n);
        switch (first[0]) {
            case "copy" -> {   // copy S D X RESULT
                DType s = ElementBits.dtype(first[1]), d = ElementBits.dtype(first[2]);
                Storage out = cpu.allocate(d, n);
                cpu.copy(input(s, lines, 3), layout, out, layout);
                checkAll(lines, d, cpu.toArray(out, layout), 0);
            }
            case "unary" -> {   // unary OP T PARAM X RESULT
                UnaryOp op = UnaryOp.valueOf(first[1].toUpperCase(Locale.ROOT));
                DType t = ElementBits.dtype(first[2]);
                DType r = op == UnaryOp.LOGICAL_NOT ? DType.BOOL : t;
                Storage out = cpu.allocate(r, n);
                cpu.unary(op, ElementBits.asDouble(ElementBits.parse(first[3])), input(t, lines, 4), layout, out, layout);
                checkAll(lines, r, cpu.toArray(out, layout), UNARY_WITHIN_ULPS.contains(op) ? ULPS : 0);
            }
            case "binary" -> {   // binary OP T A B RESULT
                BinaryOp op = BinaryOp.valueOf(first[1].toUpperCase(Locale.ROOT));
                DType t = ElementBits.dtype(first[2]);
                DType r = op.returnsBool() ? DType.BOOL : t;
                Storage out = cpu.allocate(r, n);
                cpu.binary(op, input(t, lines, 3), layout, input(t, lines, 4), layout, out, layout);
                checkAll(lines, r, cpu.toArray(out, layout), BINARY_WITHIN_ULPS.contains(op) ? ULPS : 0);
            }
            default -> throw new AssertionError(first[0]);
        }
    }

    /** A CPU storage of the values in field {@code field} of the lines. */
    private Storage input(DType dtype, List<String[]> lines, int field) {
        return cpu.fromArray(ElementBits.array(dtype, lines.stream().map(f -> ElementBits.parse(f[field])).toList()));
    }

    private void checkAll(List<String[]> lines, DType dtype, Object javaValues, int ulps) {
        for (int i = 0; i < lines.size(); i++) check(lines.get(i), dtype, ElementBits.bits(javaValues, i), ulps);
    }

    /** The line's last field is the element function's result. */
    private void check(String[] f, DType dtype, long javaBits, int ulps) {
        results.check(String.join(" ", f), dtype, javaBits, ElementBits.parse(f[f.length - 1]), ulps);
    }

    /** The line without its last {@code values} fields: what the lines of one CPU call share. */
    private static String key(String[] f, int values) {
        return String.join(" ", Arrays.copyOf(f, f.length - values));
    }

    /** Runs a command in the module's folder; its standard output's lines, or a failure with everything it printed. */
    private static List<String> run(int seconds, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile(BUILD, "output", ".txt");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(String.join(" ", command) + " did not finish in " + seconds + " s");
            }
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                fail(String.join(" ", command) + " exited with " + p.exitValue() + "; the end of its output:\n"
                        + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())));
            }
            return lines;
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
