package dev.ember.distributed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Starts a test program's ranks under {@code mpirun}, each a JVM with this test JVM's class path and Ember's options,
 * and collects what they print. Tests that need it skip where {@code mpirun} is not installed ({@code .ci/run}
 * installs Open MPI, so CI runs them).
 */
record MpiRun(int exitCode, String output, double seconds) {

    /** mpirun on the PATH, or a skipped test. */
    static Path mpirun() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "mpirun");
            if (Files.isExecutable(candidate)) return candidate;
        }
        assumeTrue(false, "mpirun is not installed (apt-get install openmpi-bin libopenmpi-dev): MPI tests skipped");
        return null;
    }

    static MpiRun run(int ranks, long timeoutSeconds, Class<?> main, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(mpirun().toString(), "-n", String.valueOf(ranks),
                "--oversubscribe",          // this machine may have fewer cores than ranks
                "--bind-to", "none",        // ranks share the cores with the build
                "--mca", "btl", "self,vader"));
        if ("root".equals(System.getProperty("user.name"))) command.add("--allow-run-as-root");
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xss8m", "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-Dember.threads=1",
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        Path log = Files.createTempFile("mpirun", ".log");
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!finished) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        return new MpiRun(finished ? p.exitValue() : -1, output + (finished ? "" : "\n(killed after " + timeoutSeconds + " s)"), seconds);
    }

    @Override
    public String toString() { return "mpirun exited " + exitCode + " after " + seconds + " s:\n" + output; }
}
