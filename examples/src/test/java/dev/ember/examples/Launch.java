package dev.ember.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts a program of the JDK's (java, jshell) as a user would and collects what it prints, stdout and stderr in order. */
record Launch(int exitCode, List<String> lines) {

    /** The class path this test JVM runs with: the module's test classes, Ember's modules and their dependencies. */
    static List<Path> testClassPath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(cp.split(java.io.File.pathSeparator)).filter(s -> !s.isBlank()).map(Path::of).toList();
    }

    /** JUnit and its companions: on the class path of the tests, not of the programs they start. */
    static boolean isTestLibrary(Path entry) {
        String name = entry.getFileName().toString();
        return name.startsWith("junit-") || name.startsWith("opentest4j") || name.startsWith("apiguardian")
                || name.startsWith("surefire") || name.startsWith("common-java5") || name.startsWith("common-junit");
    }

    static Path jdkTool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name);
    }

    static Launch run(List<String> command, String input) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove("JDK_JAVA_OPTIONS");   // its "Picked up" note would be the first line
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        Process process = builder.start();
        try (var in = process.getOutputStream()) {
            in.write(input.getBytes(StandardCharsets.UTF_8));
        }
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("still running after 120 s: " + command);
        }
        List<String> lines = new ArrayList<>(new String(out, StandardCharsets.UTF_8).lines().toList());
        return new Launch(process.exitValue(), lines);
    }

    static String joined(List<Path> paths) {
        return String.join(java.io.File.pathSeparator, paths.stream().map(Path::toString).toList());
    }

    static boolean isJar(Path entry) {
        return Files.isRegularFile(entry) && entry.toString().endsWith(".jar");
    }

    @Override
    public String toString() {
        return "exit " + exitCode + ", output:\n" + String.join("\n", lines);
    }
}
