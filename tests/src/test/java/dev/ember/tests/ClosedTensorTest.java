package dev.ember.tests;

import dev.ember.DType;
import dev.ember.MemoryScope;
import dev.ember.Tensor;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rule for closed tensors, as in PyTorch: a view holds the storage it shares until it is closed itself;
 * nothing can be made from, read from or written into a closed tensor, and the error names the op and the shape.
 */
class ClosedTensorTest {

    @Test
    void noViewCanBeMadeOfAClosedTensor() {
        Map<String, Function<Tensor, Object>> views = new LinkedHashMap<>();
        views.put("reshape", x -> x.reshape(3, 2));
        views.put("view", x -> x.view(6));
        views.put("t", Tensor::t);
        views.put("transpose", x -> x.transpose(0, 1));
        views.put("permute", x -> x.permute(1, 0));
        views.put("detach", Tensor::detach);
        views.put("expand", x -> x.expand(4, 2, 3));
        views.put("narrow", x -> x.narrow(1, 0, 2));
        views.put("slice", x -> x.slice(1, 0, 3, 2));
        views.put("select", x -> x.select(0, 1));
        views.put("unsqueeze", x -> x.unsqueeze(0));
        views.put("flatten", Tensor::flatten);
        views.put("split", x -> x.split(1, 0));
        views.put("chunk", x -> x.chunk(3, 1));
        for (var view : views.entrySet()) {
            long before = MemoryScope.liveBytes();
            Tensor x = Tensor.ones(2, 3);
            x.close();
            assertEquals(before, MemoryScope.liveBytes());
            var e = assertThrows(IllegalStateException.class, () -> view.getValue().apply(x), view.getKey());
            assertTrue(e.getMessage().startsWith(view.getKey() + ": tensor of shape [2, 3] (float32, cpu) was closed"),
                    e.getMessage());
            assertTrue(x.isClosed());
            assertEquals(before, MemoryScope.liveBytes(), view.getKey() + " counted freed memory again");
        }
    }

    @Test
    void nothingReadsOrWritesAClosedTensor() {
        Map<String, Function<Tensor, Object>> ops = new LinkedHashMap<>();
        ops.put("toFloatArray", Tensor::toFloatArray);
        ops.put("toDoubleArray", Tensor::toDoubleArray);
        ops.put("toIntArray", Tensor::toIntArray);
        ops.put("sum", Tensor::sum);
        ops.put("add", x -> x.add(1.0));
        ops.put("matmul", x -> x.matmul(Tensor.ones(3, 2)));
        ops.put("copy", Tensor::copy);
        ops.put("contiguous", Tensor::contiguous);
        ops.put("to", x -> x.to(DType.FLOAT64));
        ops.put("addInPlace", x -> x.addInPlace(Tensor.ones(2, 3)));
        ops.put("mulInPlace", x -> x.mulInPlace(2.0));
        ops.put("fillInPlace", x -> x.fillInPlace(0));
        ops.put("copyFrom", x -> x.copyFrom(Tensor.ones(3)));
        ops.put("zerosLike", Tensor::zerosLike);
        for (var op : ops.entrySet()) {
            Tensor x = Tensor.ones(2, 3);
            x.close();
            var e = assertThrows(IllegalStateException.class, () -> op.getValue().apply(x), op.getKey());
            assertTrue(e.getMessage().startsWith(op.getKey() + ": tensor of shape [2, 3]"), e.getMessage());
        }
        Tensor one = Tensor.scalar(4);
        one.close();
        var e = assertThrows(IllegalStateException.class, one::item);
        assertTrue(e.getMessage().startsWith("item: tensor of shape []"), e.getMessage());
        Tensor other = Tensor.ones(2, 3);
        Tensor closed = Tensor.ones(2, 3);
        closed.close();
        e = assertThrows(IllegalStateException.class, () -> other.addInPlace(closed));
        assertTrue(e.getMessage().startsWith("addInPlace: tensor of shape [2, 3]"), e.getMessage());
        assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1}, other.toFloatArray(), "a refused write changed its target");
        assertEquals("tensor(closed, shape=[2, 3])", closed.toString(), "toString reads nothing of a closed tensor");
    }

    @Test
    void closingASoftmaxReleasesEverythingTheCallAllocated() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor scalar = Tensor.of(new float[] {2}).reshape();
        for (boolean grad : new boolean[] {false, true}) {
            x.requiresGrad(grad);
            for (int dim : new int[] {1, 0, -1}) {
                for (boolean log : new boolean[] {false, true}) {
                    long before = MemoryScope.liveBytes();
                    Tensor y = log ? x.logSoftmax(dim) : x.softmax(dim);
                    Tensor z = log ? scalar.logSoftmax(0) : scalar.softmax(0);
                    y.close();
                    z.close();
                    assertEquals(before, MemoryScope.liveBytes(), (log ? "logSoftmax" : "softmax") + " along " + dim + ", grad " + grad);
                }
            }
        }
    }

    @Test
    void aViewOutlivesTheTensorItViewsAndReleasesTheStorageOnce() {
        long before = MemoryScope.liveBytes();
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor column = x.narrow(1, 1, 1);
        x.close();
        assertFalse(column.isClosed());
        assertEquals(before + 24, MemoryScope.liveBytes(), "the view's storage was released with the tensor it views");
        assertArrayEquals(new float[] {2, 5}, column.toFloatArray());
        Tensor detached = column.detach();
        column.close();
        assertArrayEquals(new float[] {2, 5}, detached.toFloatArray(), "a view of a view of a closed tensor");
        assertEquals(before + 24, MemoryScope.liveBytes());
        detached.close();
        assertEquals(before, MemoryScope.liveBytes());
        x.close();
        column.close();
        assertEquals(before, MemoryScope.liveBytes(), "closing again released again");
    }

    @Test
    void scopeClosingTheBaseLeavesAKeptViewUsable() {
        long before = MemoryScope.liveBytes();
        Tensor kept;
        try (MemoryScope scope = MemoryScope.open()) {
            Tensor x = Tensor.ones(4, 4);
            kept = scope.keep(x.t());
        }
        assertEquals(before + 64, MemoryScope.liveBytes(), "only the kept view's storage is held");
        try (MemoryScope scope = MemoryScope.open()) {
            assertEquals(16, kept.sum().item());
        }
        kept.close();
        assertEquals(before, MemoryScope.liveBytes());
        assertThrows(IllegalStateException.class, kept::t);
        assertEquals(before, MemoryScope.liveBytes());
    }

    @Test
    void backwardThroughAClosedSavedTensorNamesTheOp() {
        Tensor w = Tensor.randn(3).requiresGrad(true);
        Tensor y = w.tanh();             // tanh saves its output for the gradient
        Tensor loss = y.sum();
        y.close();
        var e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().startsWith("backward through 'tanh': a tensor of shape [3]"), e.getMessage());
        assertEquals(null, w.grad());
    }
}
