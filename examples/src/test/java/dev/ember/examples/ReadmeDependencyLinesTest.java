package dev.ember.examples;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The consumer project the build runs (examples/consumer) depends on Ember through exactly the Maven lines README's
 * "Use Ember in your project" shows, so what the build proves is what a user copies; the Gradle lines name the same
 * BOM version.
 */
class ReadmeDependencyLinesTest {

    @Test
    void consumerPomHoldsReadmesLinesInOrder() throws IOException {
        String section = section(Files.readString(Path.of("..", "README.md")));
        List<String> readme = block(section, "```xml").lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        assertFalse(readme.isEmpty(), "README's section has no xml block");
        List<String> pom = Files.readAllLines(Path.of("consumer", "pom.xml")).stream().map(String::strip).toList();
        int at = 0;
        for (String line : readme) {
            int found = pom.subList(at, pom.size()).indexOf(line);
            assertTrue(found >= 0, "examples/consumer/pom.xml lacks README's line '" + line + "' (in README's order)");
            at += found + 1;
        }
        String version = readme.stream().filter(l -> l.startsWith("<version>")).findFirst().orElseThrow()
                .replace("<version>", "").replace("</version>", "");
        assertTrue(block(section, "```kotlin").contains("platform(\"dev.ember:ember-bom:" + version + "\")"),
                "the Gradle lines import another BOM version than the Maven lines");
    }

    private static String section(String readme) {
        int start = readme.indexOf("## Use Ember in your project");
        assertTrue(start >= 0, "README has no 'Use Ember in your project' section");
        int end = readme.indexOf("\n## ", start + 1);
        return readme.substring(start, end < 0 ? readme.length() : end);
    }

    private static String block(String text, String fence) {
        int start = text.indexOf(fence);
        assertTrue(start >= 0, "no " + fence + " block");
        start = text.indexOf('\n', start) + 1;
        return text.substring(start, text.indexOf("```", start));
    }
}
