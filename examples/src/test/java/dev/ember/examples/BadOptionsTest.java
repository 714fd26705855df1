package dev.ember.examples;

import dev.ember.examples.fashion.FashionMnistTraining;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The main example, given a bad option, says which and prints its usage, exits with status 2: no stack trace. */
class BadOptionsTest {

    @Test
    void unknownOptionAndBadNumber() throws Exception {
        for (var args : List.of(List.of("--epoch", "3"), List.of("--lr", "fast"), List.of("--model", "rnn"), List.of("--batch"))) {
            Launch launch = run(args);
            assertEquals(2, launch.exitCode(), launch::toString);
            assertTrue(launch.lines().stream().anyMatch(l -> l.startsWith("usage: FashionMnistTraining")), launch::toString);
            assertFalse(launch.lines().stream().anyMatch(l -> l.contains("Exception") || l.trim().startsWith("at ")),
                    launch::toString);
        }
        assertTrue(run(List.of("--lr", "fast")).lines().contains("FashionMnistTraining: --lr needs a number, got 'fast'"));
    }

    private static Launch run(List<String> args) throws Exception {
        List<Path> classPath = Launch.testClassPath().stream().filter(e -> !Launch.isTestLibrary(e)).toList();
        var command = new java.util.ArrayList<>(List.of(Launch.jdkTool("java").toString(), "--add-modules",
                "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-cp", Launch.joined(classPath),
                FashionMnistTraining.class.getName()));
        command.addAll(args);
        return Launch.run(command, "");
    }
}
