package dev.ember.tests;

import dev.ember.BackendUnavailableException;
import dev.ember.DTypeException;
import dev.ember.Device;
import dev.ember.DeviceMismatchException;
import dev.ember.DeviceOutOfMemoryException;
import dev.ember.ShapeException;
import dev.ember.Tensor;
import dev.ember.backend.Backends;
import dev.ember.cuda.CudaOutOfMemoryException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Ember's failures come as public types a caller can catch (ShapeException, DTypeException, DeviceMismatchException,
 * BackendUnavailableException, DeviceOutOfMemoryException), each a subtype of the JDK exception the same failure threw
 * before, so existing catches keep working.
 */
class ErrorTypesTest {

    @Test
    void shapesThatDoNotBroadcast() {
        Tensor a = Tensor.zeros(2, 3);
        Tensor b = Tensor.zeros(4, 5);
        ShapeException e = assertThrows(ShapeException.class, () -> a.add(b));
        assertInstanceOf(IllegalArgumentException.class, e);
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4, 5]"), e.getMessage());
    }

    @Test
    void matmulOfShapesThatDoNotFit() {
        assertThrows(ShapeException.class, () -> Tensor.zeros(2, 3).matmul(Tensor.zeros(4, 5)));
        assertThrows(ShapeException.class, () -> Tensor.zeros(2, 2, 3).matmul(Tensor.zeros(3, 3, 4)));
    }

    @Test
    void matmulOfIntegers() {
        Tensor i = Tensor.of(new int[] {1, 2, 3, 4}, 2, 2);
        DTypeException e = assertThrows(DTypeException.class, () -> i.matmul(i));
        assertInstanceOf(IllegalArgumentException.class, e);
        assertTrue(e.getMessage().contains("int32"), e.getMessage());
    }

    @Test
    void aDeviceWithNoBackend() {
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class, () -> Backends.of(Device.cuda(99)));
        assertInstanceOf(IllegalStateException.class, e);
        assertTrue(e.getMessage().contains("cuda:99"), e.getMessage());
    }

    @Test
    void operandsOnTwoDevices() {
        assumeTrue(Backends.available(Device.cuda(0)), "needs a GPU");
        Tensor cpu = Tensor.zeros(2);
        Tensor gpu = Tensor.zeros(2).to(Device.cuda(0));
        assertThrows(DeviceMismatchException.class, () -> cpu.add(gpu));
    }

    @Test
    void outOfMemoryOnAnyDevice() {
        // what code written for every device catches: the CUDA allocator's failure is one
        assertTrue(DeviceOutOfMemoryException.class.isAssignableFrom(CudaOutOfMemoryException.class));
    }
}
