package dev.ember.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Same input, same output, whatever the thread count: {@link ThreadCountProbe} runs in JVMs with
 * {@code -Dember.threads} 1, 2 and 3, and every output and gradient bit of the kernels that split work over threads
 * must hash the same in all of them (a kernel that sums per-thread partials in a thread-dependent grouping fails).
 */
class ThreadCountIndependenceTest {
    @Test
    void resultsDoNotDependOnTheThreadCount() throws Exception {
        Map<String, String> one = run(1), two = run(2), three = run(3);
        assertTrue(one.size() >= 10, "the probe printed " + one);
        List<String> differences = new ArrayList<>();
        for (var e : one.entrySet()) {
            if (!e.getValue().equals(two.get(e.getKey()))) differences.add(e.getKey() + ": 1 thread " + e.getValue() + ", 2 threads " + two.get(e.getKey()));
            if (!e.getValue().equals(three.get(e.getKey()))) differences.add(e.getKey() + ": 1 thread " + e.getValue() + ", 3 threads " + three.get(e.getKey()));
        }
        assertEquals(List.of(), differences, "results that depend on the thread count");
    }

    private static Map<String, String> run(int threads) throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xss8m",
                "--add-modules", "jdk.incubator.vector", "-Dember.threads=" + threads, "-cp", System.getProperty("java.class.path"),
                ThreadCountProbe.class.getName());
        Path log = Files.createTempFile("thread-count-probe", ".txt");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(240, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("the probe with " + threads + " threads did not finish in 240 s");
            }
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) fail(threads + " threads: exited with " + p.exitValue() + ":\n" + String.join("\n", lines));
            Map<String, String> hashes = new TreeMap<>();
            for (String line : lines) {
                String[] parts = line.split(" ");
                if (parts.length == 3 && parts[0].equals("hash")) hashes.put(parts[1], parts[2]);
            }
            return hashes;
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
