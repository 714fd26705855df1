package dev.ember.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The cuBLAS binding against the real library at /opt/cudalibs; most of it needs no GPU. */
class CublasTest {
    @BeforeAll
    static void libraries() {
        LocalCudaLibraries.assumePresent();
    }

    /** The static MethodHandle fields of a binding class, after initialising it (which resolves every symbol). */
    static ArrayList<String> boundFunctions(Class<?> binding) throws IllegalAccessException {
        var names = new ArrayList<String>();
        for (Field field : binding.getDeclaredFields()) {
            if (field.getType() != MethodHandle.class || !Modifier.isStatic(field.getModifiers())) continue;
            assertTrue(Modifier.isFinal(field.getModifiers()), field.getName());
            assertTrue(field.get(null) != null, field.getName());
            names.add(field.getName());
        }
        return names;
    }

    @Test
    void everyFunctionResolvesFromTheFolderThePropertyNames() throws IllegalAccessException {
        var names = boundFunctions(Cublas.class);

        assertEquals(14, names.size(), names.toString());
        assertTrue(names.contains("cublasSgemmStridedBatched") && names.contains("cublasCreate_v2"), names.toString());
        assertTrue(names.contains("cublasGemmEx") && names.contains("cublasGemmStridedBatchedEx"), names.toString());
        assertEquals(LocalCudaLibraries.cublasFile().toString(), Cublas.library().location());
    }

    @Test
    void aMissingFunctionIsNamed() {
        var e = assertThrows(NativeLibraryException.class,
                () -> Cublas.library().function("cublasNoSuchFunction_v2", FunctionDescriptor.ofVoid()));

        assertTrue(e.getMessage().contains("cublasNoSuchFunction_v2"), e.getMessage());
        assertTrue(e.getMessage().contains(LocalCudaLibraries.cublasFile().getParent().toString()), e.getMessage());
    }

    @Test
    void theVersionIsReadWithoutAGpu() {
        assertTrue(Cublas.version() >= LocalCudaLibraries.cublasMajor() * 10000, "version " + Cublas.version());
    }

    @Test
    void statusesHaveTheirCNames() {
        assertEquals("CUBLAS_STATUS_SUCCESS", Cublas.statusName(0));
        assertEquals("CUBLAS_STATUS_NOT_INITIALIZED", Cublas.statusName(1));
        assertEquals("CUBLAS_STATUS_INVALID_VALUE", Cublas.statusName(7));
        assertNotEquals("", Cublas.statusString(7));
    }

    @Test
    void creatingAHandleWithoutAGpuFailsNamingTheCallAndTheStatus() {
        assumeFalse(LocalCudaLibraries.gpuPresent(), "this machine has a GPU");

        var e = assertThrows(CudaLibraryException.class, () -> Cublas.create(0));

        assertEquals("cublasCreate_v2", e.call());
        assertEquals("CUBLAS_STATUS_NOT_INITIALIZED", e.statusName());
        assertEquals(1, e.status());
        assertEquals("cublasCreate_v2 failed: CUBLAS_STATUS_NOT_INITIALIZED (1): the library was not initialized",
                e.getMessage());
    }

    @Test
    void aFailedCallOnANullHandleIsReportedTooNotCrashed() {
        var e = assertThrows(CudaLibraryException.class, () -> Cublas.setMathMode(0, Cublas.MathMode.TF32));

        assertTrue(e.getMessage().startsWith("cublasSetMathMode failed: CUBLAS_STATUS_"), e.getMessage());
    }

    @Test
    void aHalfGemmGoesToCublasGemmExAndItsStatusIsNamed() {
        for (var half : new dev.ember.DType[] {dev.ember.DType.FLOAT16, dev.ember.DType.BFLOAT16}) {
            var one = assertThrows(CudaLibraryException.class, () -> Cublas.gemm(0, half, Cublas.Operation.N,
                    Cublas.Operation.N, 1, 1, 1, 1, 0, 1, 0, 1, 0, 0, 1));
            assertTrue(one.getMessage().startsWith("cublasGemmEx(") && one.getMessage().contains("CUBLAS_STATUS_"),
                    one.getMessage());
            var batched = assertThrows(CudaLibraryException.class, () -> Cublas.gemmStridedBatched(0, half,
                    Cublas.Operation.N, Cublas.Operation.T, 1, 1, 1, 1, 0, 1, 1, 0, 1, 1, 0, 0, 1, 1, 2));
            assertTrue(batched.getMessage().startsWith("cublasGemmStridedBatchedEx("), batched.getMessage());
        }
    }

    @Test
    void withAGpuAHandleIsCreatedAndDestroyed() {
        assumeTrue(LocalCudaLibraries.gpuPresent(), "no GPU");

        long handle = Cublas.create(0);
        Cublas.setMathMode(handle, Cublas.MathMode.DEFAULT);
        Cublas.destroy(handle);
    }

    @Test
    void gemmTakesFloatsOnly() {
        var e = assertThrows(IllegalArgumentException.class, () -> Cublas.gemm(0, dev.ember.DType.INT32,
                Cublas.Operation.N, Cublas.Operation.N, 1, 1, 1, 1, 0, 1, 0, 1, 0, 0, 1));

        assertTrue(e.getMessage().contains("int32"), e.getMessage());
    }
}
