package dev.ember.cuda;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import org.junit.jupiter.api.Test;

/**
 * The algorithm-performance struct as gcc lays it out on x86-64 (checked with {@code sizeof} and {@code offsetof}
 * on the header's definition): 48 bytes, memory at 16, determinism at 24, mathType at 28. No library needed.
 */
class AlgorithmResultTest {
    @Test
    void theLayoutIsTheCStructs() {
        assertEquals(48, Cudnn.AlgorithmResult.LAYOUT.byteSize());
        assertEquals(8, Cudnn.AlgorithmResult.LAYOUT.byteAlignment());
    }

    @Test
    void theSecondEntryOfAnArrayIsReadFromItsCOffsets() {
        try (Arena arena = Arena.ofConfined()) {
            var array = arena.allocate(Cudnn.AlgorithmResult.LAYOUT, 2);
            long base = 48;
            array.set(JAVA_INT, base, 6);
            array.set(JAVA_INT, base + 4, 3000);
            array.set(JAVA_FLOAT, base + 8, 0.25f);
            array.set(JAVA_LONG, base + 16, 1L << 33);
            array.set(JAVA_INT, base + 24, 1);
            array.set(JAVA_INT, base + 28, 3);

            assertEquals(new Cudnn.AlgorithmResult(6, 3000, 0.25f, 1L << 33, 1, Cudnn.MathType.FMA),
                    Cudnn.AlgorithmResult.read(array, 1));
        }
    }
}
