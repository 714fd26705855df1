package dev.ember.cpu;

import dev.ember.DType;
import dev.ember.MemoryScope;
import dev.ember.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A tensor of more than 2^31 elements on the CPU: 2^31 + 7 bools (about 2 GB of native memory, freed at the end),
 * shaped [3, 715827885]. Fill, sum, slicing past element 2^31 and reading there work; an op whose kernel indexes in
 * 32 bits refuses it by name. One test, a few seconds: allocating, filling and summing each pass over 2 GB once (a sum
 * over some dims takes the same path, tested small in {@link LargeKernelsTest}).
 */
class LargeTensorTest {
    private static final int COLS = 715827885;   // 3 * 715827885 = 2^31 + 7

    @Test
    void aBoolTensorOfTwoToThe31PlusSevenElementsFillsSumsSlicesAndRefusesTheRest() {
        CpuLargeStorage memory;
        long liveBefore = MemoryScope.liveBytes();
        try (MemoryScope scope = MemoryScope.open()) {   // closes the views too: each holds the storage
            Tensor big = Tensor.ones(DType.BOOL, 3, COLS);
            assertEquals(2147483655L, big.numel());
            memory = assertInstanceOf(CpuLargeStorage.class, big.storage());
            assertEquals(2147483655L, big.sum().toLongArray()[0]);

            // the last five elements, at storage offsets 2^31 + 2 .. 2^31 + 6: a view, read back, then cleared in place
            Tensor tail = big.select(0, 2).narrow(0, COLS - 5, 5);
            assertEquals(2147483650L, tail.layout().offset());
            assertArrayEquals(new boolean[] {true, true, true, true, true}, tail.toBooleanArray());
            tail.narrow(0, 1, 3).fillInPlace(0.0);
            assertArrayEquals(new boolean[] {true, false, false, false, true}, tail.toBooleanArray());
            assertEquals(1.0, big.select(0, 2).narrow(0, COLS - 1, 1).item());
            assertEquals(2L, tail.sum().toLongArray()[0]);

            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, big::max);
            assertEquals("max: an operand lies in a CPU storage of 2147483655 bool elements, beyond a Java array; the CPU "
                    + "kernels for max take storages of at most 2147483639; fill, sum, slicing and copies handle more",
                    refused.getMessage());
            // a small view far into the storage still lies in native memory, which only those kernels read: copy it out
            IllegalArgumentException inStorage = assertThrows(IllegalArgumentException.class, () -> tail.logicalNot());
            assertTrue(inStorage.getMessage().startsWith("logical_not: an operand lies in a CPU storage of 2147483655 bool"),
                    inStorage.getMessage());
            assertArrayEquals(new boolean[] {false, true, true, true, false}, tail.copy().logicalNot().toBooleanArray());
        }
        assertFalse(memory.segment().scope().isAlive(), "closing the tensor and its views frees the 2 GB at once");
        assertEquals(liveBefore, MemoryScope.liveBytes());
    }

    @Test
    void anExpandedViewOfMoreThanTwoToThe31ElementsIsAViewThatSumsAndRefusesOtherKernels() {
        Tensor one = Tensor.ones(DType.INT32, 1, 1);
        Tensor wide = one.expand(46341, 46341);   // 2147488281 elements over one
        assertEquals(2147488281L, wide.numel());
        assertArrayEquals(new long[] {0, 0}, wide.strides());
        assertEquals(46341L, wide.select(0, 46340).sum().toLongArray()[0]);   // a row fits the int kernels
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, wide::max);
        assertEquals("max: tensor of shape [46341, 46341] has 2147488281 elements; the CPU kernels for max handle at "
                + "most 2147483647; fill, sum, slicing and copies handle more", e.getMessage());
    }

    @Test
    void anOpRefusedForItsSizeTakesNoMemoryForItsOutput() {
        Tensor wide = Tensor.ones(DType.INT32, 1, 1).expand(46341, 46341);
        long committed = CpuLargeStorage.committedBytes();
        try (MemoryScope scope = MemoryScope.open()) {   // closes the output the op made before it was refused
            // the output, 2147488281 int32s, is made before the kernel is called: its 8.6 GB are never taken
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> wide.add(1));
            assertTrue(e.getMessage().startsWith("add: tensor of shape [46341, 46341] has 2147488281 elements"),
                    e.getMessage());
            assertEquals(committed, CpuLargeStorage.committedBytes());
        }
        assertEquals(committed, CpuLargeStorage.committedBytes());
    }
}
