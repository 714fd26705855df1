package dev.ember.cuda;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ember.DType;
import dev.ember.backend.ConvGeometry;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
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

    private static final ConvolutionKey FLOAT32 = ConvolutionKey.of(DType.FLOAT32, new int[] {1, 2, 5, 5},
            new int[] {2, 2, 3, 3}, new ConvGeometry(1, 1, 0, 0, 1, 1, 1), false);

    /** Writes {@code (algo, status, mathType)} into the {@code index}-th struct of {@code array}. */
    private static void entry(MemorySegment array, int index, int algorithm, int status, int mathType) {
        long base = index * 48L;
        array.set(JAVA_INT, base, algorithm);
        array.set(JAVA_INT, base + 4, status);
        array.set(JAVA_FLOAT, base + 8, -1f);
        array.set(JAVA_INT, base + 24, 1);
        array.set(JAVA_INT, base + 28, mathType);
    }

    private static List<Cudnn.AlgorithmResult> read(MemorySegment array, int count) {
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> Cudnn.AlgorithmResult.read(array, i)).toList();
    }

    private static ConvolutionPlan.Choice choose(List<Cudnn.AlgorithmResult> results) {
        return ConvolutionPlan.choose(ConvolutionPlan.Direction.FORWARD, results, FLOAT32, (algorithm, mathType) -> 0);
    }

    @Test
    void anUnknownMathTypeInAnEntryThatFailedIsSkippedNotThrown() {
        try (Arena arena = Arena.ofConfined()) {
            var array = arena.allocate(Cudnn.AlgorithmResult.LAYOUT, 2);
            entry(array, 0, 6, 3000, 77);   // NOT_SUPPORTED, with a math type no header of ours names
            entry(array, 1, 1, 0, 3);       // success, FMA

            assertEquals(new ConvolutionPlan.Algorithm(1, Cudnn.MathType.FMA, 0), choose(read(array, 2)));
        }
    }

    @Test
    void anUnknownMathTypeInASuccessfulEntryIsNotPermitted() {
        try (Arena arena = Arena.ofConfined()) {
            var array = arena.allocate(Cudnn.AlgorithmResult.LAYOUT, 2);
            entry(array, 0, 2, 0, 77);      // success, but in a math type we cannot judge
            entry(array, 1, 0, 0, 3);       // success, FMA

            assertEquals(new ConvolutionPlan.Algorithm(0, Cudnn.MathType.FMA, 0), choose(read(array, 2)));

            var alone = assertInstanceOf(ConvolutionPlan.Fallback.class, choose(read(array, 1))).reason();
            assertTrue(alone.contains("algorithm 2 in math type 77"), alone);
        }
    }
}
