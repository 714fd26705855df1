package dev.ember.examples;

import org.junit.jupiter.api.Test;

import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A program started with README's options ("Use Ember in your project"), every Ember module on its path (the CUDA
 * backend and jcuda too, on a machine without a GPU): on the class path and on the module path the CPU backend is found
 * through ServiceLoader, and the output is the JDK's one line about incubator modules, then the program's own lines and
 * Ember's log records, one line each: no warnings from jcuda or anything else.
 */
class StartupTest {
    private static final String INCUBATOR_LINE = "WARNING: Using incubator modules: jdk.incubator.vector";
    /** One line per record ("dev.ember.backend.Backends INFO: ..."), so a record that spans lines shows up. */
    private static final String ONE_LINE_RECORDS = "-Djava.util.logging.SimpleFormatter.format=%3$s %4$s: %5$s%n";

    @Test
    void onTheClassPath() throws Exception {
        List<Path> classPath = Launch.testClassPath().stream().filter(e -> !Launch.isTestLibrary(e)).toList();
        Launch launch = Launch.run(List.of(Launch.jdkTool("java").toString(),
                "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", ONE_LINE_RECORDS,
                "-cp", Launch.joined(classPath), StartupProbe.class.getName()), "");
        assertQuietStart(launch);
        assertTrue(launch.lines().contains("probe: cpu backend dev.ember.cpu.CpuBackend in module null"), launch::toString);
    }

    @Test
    void onTheModulePath() throws Exception {
        List<Path> modulePath = new ArrayList<>();
        List<Path> classPath = new ArrayList<>();
        for (Path entry : Launch.testClassPath()) {
            if (Launch.isTestLibrary(entry)) continue;
            if (Launch.isJar(entry)) modulePath.add(entry);
            else if (entry.endsWith("test-classes")) classPath.add(entry);   // the probe, in the unnamed module
        }
        Set<String> ember = emberModules(modulePath);
        // `./mvnw test` hands the reactor's modules over as class folders, which have no module name; `verify` as jars
        assumeTrue(!ember.isEmpty(), "Ember's modules are not jars in this build (run verify)");
        assertEquals(new TreeSet<>(Set.of("dev.ember", "dev.ember.cpu", "dev.ember.cuda", "dev.ember.cuda.kernels",
                "dev.ember.nn", "dev.ember.distributed")), ember, "the Automatic-Module-Names of the published jars");

        Launch launch = Launch.run(List.of(Launch.jdkTool("java").toString(),
                "--module-path", Launch.joined(modulePath), "--add-modules", "jdk.incubator.vector,ALL-MODULE-PATH",
                "--enable-native-access=jcuda,dev.ember.cuda", ONE_LINE_RECORDS,
                "-cp", Launch.joined(classPath), StartupProbe.class.getName()), "");
        assertQuietStart(launch);
        assertTrue(launch.lines().contains("probe: cpu backend dev.ember.cpu.CpuBackend in module dev.ember.cpu"),
                launch::toString);
    }

    private static Set<String> emberModules(List<Path> jars) {
        return ModuleFinder.of(jars.toArray(Path[]::new)).findAll().stream()
                .map(ModuleReference::descriptor).map(d -> d.name())
                .filter(name -> name.equals("dev.ember") || name.startsWith("dev.ember."))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static void assertQuietStart(Launch launch) {
        List<String> lines = launch.lines();
        assertEquals(0, launch.exitCode(), launch::toString);
        assertTrue(lines.size() >= 2, launch::toString);
        assertEquals(INCUBATOR_LINE, lines.get(0), "the JDK's own line, which no option silences (README says so)");
        assertEquals("probe: my own first line", lines.get(1), launch::toString);
        for (String line : lines.subList(1, lines.size())) {
            assertTrue(line.startsWith("probe: ") || line.startsWith("dev.ember."),
                    () -> "a line neither the program's nor an Ember log record of one line: '" + line + "'\n" + launch);
        }
        assertTrue(lines.contains("probe: sum 6.0"), launch::toString);
    }
}
