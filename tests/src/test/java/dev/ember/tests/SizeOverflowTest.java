package dev.ember.tests;

import dev.ember.Shape;
import dev.ember.Tensor;
import dev.ember.backend.Layout;
import dev.ember.backend.PoolGeometry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every size product is checked: sizes are 64-bit (each dim an int), and a shape, view or op output with more
 * elements (or a larger stride or storage index) than a long holds is refused where it is made, with a message
 * naming it, never wrapped into a small or empty tensor. Views past 2^31 elements are valid; the CPU kernels that
 * index in 32 bits refuse them by the op's name (engine-cpu's LargeTensorTest runs a 2^31 + 7 element tensor).
 */
class SizeOverflowTest {

    private static void refused(Executable call, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String p : parts) assertTrue(e.getMessage().contains(p), "message should mention '" + p + "': " + e.getMessage());
    }

    @Test
    void aShapeWhoseProductWrapsALongIsRefused() {
        // 65536^4 = 2^64: a long product wraps to 0, which read as an empty tensor
        refused(() -> Tensor.zeros(65536, 65536, 65536, 65536), "[65536, 65536, 65536, 65536]", "18446744073709551616");
        refused(() -> Shape.numel(new int[] {65536, 65536, 65536, 65536}), "[65536, 65536, 65536, 65536]");
        assertEquals(2147488281L, Shape.numel(new int[] {46341, 46341}));   // past the int range: a long count
    }

    @Test
    void anEmptyShapeIsFineUnlessItsStridesPassTheLongRange() {
        assertEquals(0, Tensor.zeros(65536, 65536, 0).numel());
        assertArrayEquals(new long[] {65536, 1, 1}, Tensor.zeros(65536, 65536, 0).strides());
        assertArrayEquals(new long[] {1L << 32, 65536, 1}, Tensor.zeros(0, 65536, 65536).strides());
        // the stride of dim 0 would be 2^90: refused even though there are no elements
        refused(() -> Tensor.zeros(0, 1 << 30, 1 << 30, 1 << 30), "[0, 1073741824, 1073741824, 1073741824]",
                "stride of dim 0");
    }

    @Test
    void anExpandPastTheIntRangeIsAViewAndPastTheLongRangeIsRefused() {
        Tensor one = Tensor.ones(1, 1);
        Tensor wide = one.expand(46341, 46341);   // refused where it was made while sizes were 32-bit
        assertEquals(2147488281L, wide.numel());
        assertArrayEquals(new long[] {0, 0}, wide.strides());
        assertEquals(46341.0, wide.select(0, 7).sum().item());
        refused(wide::max, "max", "[46341, 46341]", "2147488281");   // the CPU's int-indexed kernel refuses it by name
        refused(() -> Tensor.ones(1, 1, 1, 1).expand(65536, 65536, 65536, 65536), "[65536, 65536, 65536, 65536]");
        assertEquals(4.0, one.expand(2, 2).sum().item());
    }

    @Test
    void layoutsAreCheckedWhenMade() {
        Layout wide = new Layout(new int[] {46341, 46341}, new int[] {0, 0}, 0);
        assertEquals(2147488281L, wide.numel());
        assertFalse(wide.fitsInt());
        Layout far = new Layout(new int[] {3, 2}, new int[] {1 << 30, 1}, 0);   // reaches index 2^31 + 1
        assertFalse(far.fitsInt());
        refused(() -> new Layout(new int[] {3, 2}, new long[] {Long.MAX_VALUE / 2 + 1, 1}, 0), "[3, 2]", "long range");
        refused(() -> new Layout(new int[] {3}, new long[] {-1}, 1), "[3]", "before the storage's start");
        refused(() -> new Layout(new int[] {2}, new int[] {1}, -1), "negative offset");
        refused(() -> new Layout(new int[] {2}, new int[] {1, 1}, 0), "[2]");
        Layout last = new Layout(new int[] {2, 3}, new int[] {3, 1}, Integer.MAX_VALUE - 5);
        assertEquals(6, last.numel());
        assertTrue(last.fitsInt());
        assertFalse(new Layout(new int[] {2, 3}, new int[] {3, 1}, Integer.MAX_VALUE - 4).fitsInt());
        Layout beyond = new Layout(new int[] {4}, new long[] {1}, 3L << 31);
        assertEquals(3L << 31, beyond.offset());
        refused(beyond::intOffset, "offset of 6442450944");
    }

    @Test
    void reshapeAndBroadcastIntoTooManyElementsAreRefused() {
        Tensor empty = Tensor.zeros(0);
        refused(() -> empty.reshape(65536, 65536, 65536, 65536, 0, 65536, 65536), "65536");
        Tensor a = Tensor.ones(1, 1, 1, 1).expand(65536, 65536, 1, 1);   // views: no memory behind them
        Tensor b = Tensor.ones(1, 1, 1, 1).expand(1, 1, 65536, 65536);
        refused(() -> a.add(b), "[65536, 65536, 65536, 65536]");
    }

    @Test
    void catWhoseSizesSumPastTheIntRangeIsRefused() {
        Tensor part = Tensor.zeros(0, 1 << 30);
        // before: 4 * 2^30 wrapped to 0 and cat returned shape [0, 0]
        refused(() -> Tensor.cat(1, part, part, part, part), "cat", "2147483648");
        assertArrayEquals(new int[] {0, 3 << 29}, Tensor.cat(1, part, Tensor.zeros(0, 1 << 29)).shape());
    }

    @Test
    void convolutionOutputSizesAreComputedWithoutWrapping() {
        Tensor x = Tensor.ones(1, 1, 2, 2);
        Tensor w = Tensor.ones(1, 1, 1, 1);
        // padding 2^30 on each side: 2 + 2^31 rows, which wrapped to a negative size before
        refused(() -> x.conv2d(w, null, new int[] {1, 1}, new int[] {1 << 30, 0}, new int[] {1, 1}, 1),
                "height", "2147483650");
        // a dilated kernel far larger than the input: dilation * (k - 1) wrapped before
        Tensor w3 = Tensor.ones(1, 1, 3, 1);
        refused(() -> x.conv2d(w3, null, new int[] {1, 1}, new int[] {0, 0}, new int[] {1 << 30, 1}, 1), "smaller");
    }

    @Test
    void aKernelOrWindowLargerThanTheInputIsRefusedWhateverTheStride() {
        // (3 - 4) / 2 + 1 truncated to 1 before: an output position whose window leaves the input (PyTorch refuses)
        Tensor x = Tensor.ones(1, 1, 3, 3);
        refused(() -> x.conv2d(Tensor.ones(1, 1, 4, 4), null, 2, 0), "smaller");
        refused(() -> x.maxPool2d(4, 2, 0), "smaller");
        refused(() -> x.avgPool2d(4, 2, 0), "smaller");
        assertArrayEquals(new int[] {1, 1, 1, 1}, x.maxPool2d(3, 2, 0).shape());
    }

    @Test
    void poolPaddingCheckDoesNotWrap() {
        // 2 * 2^30 wrapped negative, so a padding far beyond half the window passed the check
        refused(() -> new PoolGeometry(3, 3, 1, 1, 1 << 30, 0), "padding");
    }

    @Test
    void integerArangeLengthIsExact() {
        // (2^60 + 1) / 2^60 rounded to 1 in doubles: two elements, as in PyTorch
        long big = 1L << 60;
        assertArrayEquals(new long[] {0, big}, Tensor.arange(0, big + 1, big).toLongArray());
        // end - start does not fit a long; the values do
        assertArrayEquals(new long[] {Long.MIN_VALUE, -1, Long.MAX_VALUE - 1},
                Tensor.arange(Long.MIN_VALUE, Long.MAX_VALUE, Long.MAX_VALUE).toLongArray());
        assertArrayEquals(new long[] {5, 3, 1}, Tensor.arange(5, 0, -2).toLongArray());
        assertEquals(0, Tensor.arange(0, 5, -1).numel());
        refused(() -> Tensor.arange(0, Long.MAX_VALUE, 1), "arange", "9223372036854775807");
        refused(() -> Tensor.arange(0.0, Double.NaN, 1.0), "arange", "finite");
    }
}
