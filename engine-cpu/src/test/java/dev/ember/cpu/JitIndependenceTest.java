package dev.ember.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Same input, same output, whatever the JIT has done: {@link DeterminismProbe} runs in fresh JVMs (interpreted
 * only, C1 only, and the default tiered JIT both at the first call and after {@value DeterminismProbe#WARM_CALLS}
 * calls per op, run side by side) and every op's output bits and every seeded training run's weights must hash the same in all of
 * them. A JVM with SIMD turned off ({@code -Dember.simd=false}, the scalar kernels) must give the same op hashes
 * too, since the scalar kernels are the SIMD kernels' reference.
 */
class JitIndependenceTest {
    @Test
    void resultsDoNotDependOnJitStateOrSimd() throws Exception {
        // C2 compiles after a tenth of the usual calls, so that a short warm-up reaches it on every kernel
        Probe warmRun = Probe.start(List.of("-XX:Tier3InvocationThreshold=20", "-XX:Tier3MinInvocationThreshold=10",
                "-XX:Tier3CompileThreshold=200", "-XX:Tier4InvocationThreshold=500", "-XX:Tier4MinInvocationThreshold=60",
                "-XX:Tier4CompileThreshold=1500"), "warm");
        Probe interpretedRun = Probe.start(List.of("-Xint"));
        Probe c1Run = Probe.start(List.of("-XX:TieredStopAtLevel=1"));
        Probe scalarRun = Probe.start(List.of("-Dember.simd=false"));
        Map<String, String> warm = warmRun.hashes();
        Map<String, String> interpreted = interpretedRun.hashes();
        Map<String, String> c1 = c1Run.hashes();
        Map<String, String> scalar = scalarRun.hashes();

        List<String> differences = new ArrayList<>();
        Map<String, String> reference = new TreeMap<>();
        warm.forEach((key, hash) -> { if (key.startsWith("cold ")) reference.put(key.substring(5), hash); });
        assertTrue(reference.size() > 40, "the probe printed " + warm);
        Map<String, String> warmOps = strip(warm, "warm ");
        warmOps.keySet().removeIf(key -> key.startsWith("train"));   // compared below
        compare("warm (after warm-up)", reference, warmOps, differences);
        compare("-Xint", reference, strip(interpreted, "cold "), differences);
        compare("C1 only", reference, strip(c1, "cold "), differences);
        Map<String, String> scalarOps = strip(scalar, "cold ");
        scalarOps.remove("train");   // the scalar GEMM adds in another order than the SIMD one
        compare("-Dember.simd=false", reference, scalarOps, differences);
        for (int run = 1; run <= 3; run++) {
            if (!reference.get("train").equals(warm.get("warm train" + run))) {
                differences.add("training run " + (run + 1) + " in one JVM: " + warm.get("warm train" + run) + " vs " + reference.get("train"));
            }
        }
        assertEquals(List.of(), differences, "results that depend on the JIT's state (or on SIMD)");
    }

    private static void compare(String mode, Map<String, String> reference, Map<String, String> other, List<String> differences) {
        for (var e : other.entrySet()) {
            String expected = reference.get(e.getKey());
            if (!e.getValue().equals(expected)) differences.add(e.getKey() + " " + mode + ": " + e.getValue() + " vs " + expected + " cold");
        }
    }

    private static Map<String, String> strip(Map<String, String> lines, String prefix) {
        Map<String, String> out = new TreeMap<>();
        lines.forEach((key, hash) -> { if (key.startsWith(prefix)) out.put(key.substring(prefix.length()), hash); });
        return out;
    }

    /** The probe running in a fresh JVM with the test's classpath, all four at once. */
    private record Probe(List<String> jvmOptions, Process process, Path log) {
        static Probe start(List<String> jvmOptions, String... args) throws IOException {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(List.of("-Xss8m", "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path")));
            command.addAll(jvmOptions);
            command.add(DeterminismProbe.class.getName());
            command.addAll(List.of(args));
            Path log = Files.createTempFile("determinism-probe", ".txt");
            return new Probe(jvmOptions, new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start(), log);
        }

        /** Its lines as "phase name" to hash, once it has finished. */
        Map<String, String> hashes() throws IOException, InterruptedException {
            try {
                if (!process.waitFor(240, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    fail("the probe with " + jvmOptions + " did not finish in 240 s");
                }
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                if (process.exitValue() != 0) fail(jvmOptions + " exited with " + process.exitValue() + ":\n" + String.join("\n", lines));
                Map<String, String> hashes = new LinkedHashMap<>();
                for (String line : lines) {
                    String[] parts = line.split(" ");
                    if (parts.length == 3 && (parts[0].equals("cold") || parts[0].equals("warm"))) hashes.put(parts[0] + " " + parts[1], parts[2]);
                }
                return hashes;
            } finally {
                Files.deleteIfExists(log);
            }
        }
    }
}
