package dev.ember.examples;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** bin/ember-jshell, driven as a user would type into it: a tensor, a gradient, a layer, from the imports it sets. */
class JShellTest {

    @Test
    void tensorsAndGradientsAtThePrompt() throws Exception {
        Path launcher = Path.of("..", "bin", "ember-jshell").toAbsolutePath().normalize();
        assertTrue(Files.isExecutable(launcher), launcher + " is not executable");
        String input = """
                var x = Tensor.of(new float[] {1, 2, 3}, 3).requiresGrad(true)
                var y = x.mul(x).sum()
                y.backward()
                System.out.println("jshell: y " + y.item() + ", grad " + java.util.Arrays.toString(x.grad().toFloatArray()))
                System.out.println("jshell: " + java.util.Arrays.toString(new Linear(3, 2).forward(x.detach().reshape(1, 3)).shape()))
                /exit
                """;
        Launch launch = Launch.run(List.of("sh", launcher.toString(), "-q"), input);
        assertEquals(0, launch.exitCode(), launch::toString);
        assertTrue(launch.lines().stream().anyMatch(l -> l.contains("jshell: y 14.0, grad [2.0, 4.0, 6.0]")), launch::toString);
        assertTrue(launch.lines().stream().anyMatch(l -> l.contains("jshell: [1, 2]")), launch::toString);
        assertFalse(launch.lines().stream().anyMatch(l -> l.contains("Error:") || l.contains("Exception")), launch::toString);
    }
}
