package dev.ember.tests;

import dev.ember.DType;
import dev.ember.Device;
import dev.ember.backend.Backend;
import dev.ember.backend.Backends;
import dev.ember.backend.Layout;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Proof that the suite's {@code poisoned-allocations} run (tests/pom.xml) really runs on poisoned storage, so that
 * its passing op suites show no op reads an output it did not ask {@link Backend#zeros} for.
 */
class PoisonedAllocationsTest {

    @Test
    void theCpuBackendHandsOutPoisonWhenAskedTo() {
        assumeTrue(Boolean.getBoolean("ember.debug.poison"), "only in the run with -Dember.debug.poison=true");
        Backend cpu = Backends.of(Device.CPU);
        float[] fresh = (float[]) cpu.toArray(cpu.allocate(DType.FLOAT32, 3), Layout.contiguous(3));
        for (float v : fresh) assertTrue(Float.isNaN(v), "allocate gave " + v + ", not NaN");
        assertArrayEquals(new float[3], (float[]) cpu.toArray(cpu.zeros(DType.FLOAT32, 3), Layout.contiguous(3)));
    }
}
