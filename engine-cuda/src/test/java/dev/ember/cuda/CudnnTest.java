package dev.ember.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ember.DType;
import dev.ember.backend.ConvGeometry;
import dev.ember.backend.PoolGeometry;
import java.lang.foreign.FunctionDescriptor;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cuDNN binding against the real library at /opt/cudalibs, without LD_LIBRARY_PATH: the shim finds its
 * sub-libraries because {@link NativeLibraries} opened them first. Descriptors need no GPU.
 */
class CudnnTest {
    @BeforeAll
    static void libraries() {
        LocalCudaLibraries.assumePresent();
    }

    @Test
    void everyFunctionResolves() throws IllegalAccessException {
        var names = CublasTest.boundFunctions(Cudnn.class);

        assertEquals(47, names.size(), names.toString());
        assertTrue(names.contains("cudnnConvolutionBackwardFilter"), names.toString());
        assertEquals(LocalCudaLibraries.CUDNN.resolve("libcudnn.so.9").toString(), Cudnn.library().location());
    }

    @Test
    void aMissingFunctionIsNamed() {
        var e = assertThrows(NativeLibraryException.class,
                () -> Cudnn.library().function("cudnnNoSuchFunction", FunctionDescriptor.ofVoid()));

        assertTrue(e.getMessage().contains("cudnnNoSuchFunction"), e.getMessage());
    }

    @Test
    void theShimReachesEachSubLibraryWithoutALibraryPath() {
        String path = System.getenv("LD_LIBRARY_PATH");
        assumeTrue(path == null || !path.contains("cudnn"), "LD_LIBRARY_PATH names a cuDNN folder: " + path);

        assertTrue(Cudnn.version() >= 90000, "version " + Cudnn.version());               // libcudnn_graph
        Cudnn.destroyTensor(Cudnn.createTensor4d(DType.FLOAT32, 1, 1, 1, 1));             // libcudnn_ops
        Cudnn.destroyConvolution(Cudnn.createConvolution2d(new ConvGeometry(1, 1, 0, 0, 1, 1, 1), DType.FLOAT32,
                Cudnn.MathType.FMA));                                                        // libcudnn_cnn
    }

    @Test
    void statusesHaveTheirCNames() {
        assertEquals("CUDNN_STATUS_SUCCESS", Cudnn.errorString(0));
        assertEquals("CUDNN_STATUS_NOT_INITIALIZED", Cudnn.errorString(1001));
        assertEquals("CUDNN_STATUS_BAD_PARAM", Cudnn.errorString(2000));
    }

    @Test
    void theNotSupportedStatusesAreTheThreeThousands() {
        for (int status : new int[] {0, 1001, 2000, 3000, 3001, 3002, 3003, 4000, 5000}) {
            String name = Cudnn.errorString(status);
            assertEquals(name.startsWith("CUDNN_STATUS_NOT_SUPPORTED"), ConvolutionPlan.notSupported(status), status + " " + name);
        }
    }

    @Test
    void creatingAHandleWithoutAGpuFailsNamingTheCallAndTheStatus() {
        assumeFalse(LocalCudaLibraries.gpuPresent(), "this machine has a GPU");

        var e = assertThrows(CudaLibraryException.class, () -> Cudnn.create(0));

        assertEquals("cudnnCreate", e.call());
        assertEquals("CUDNN_STATUS_NOT_INITIALIZED", e.statusName());
        assertTrue(e.getMessage().startsWith("cudnnCreate failed: CUDNN_STATUS_NOT_INITIALIZED (1001)"),
                e.getMessage());
    }

    @Test
    void withAGpuAHandleIsCreatedAndDestroyed() {
        assumeTrue(LocalCudaLibraries.gpuPresent(), "no GPU");

        Cudnn.destroy(Cudnn.create(0));
    }

    @Test
    void aBadDescriptorNamesTheCallTheStatusAndTheShape() {
        var e = assertThrows(CudaLibraryException.class, () -> Cudnn.createTensor4d(DType.FLOAT32, 0, 3, 4, 5));

        assertEquals("cudnnSetTensor4dDescriptor", e.call());
        assertTrue(e.statusName().startsWith("CUDNN_STATUS_BAD_PARAM"), e.statusName());
        assertTrue(e.getMessage().startsWith("cudnnSetTensor4dDescriptor(float32 NCHW [0, 3, 4, 5]) failed: "
                + e.statusName()), e.getMessage());
    }

    @Test
    void tensorDescriptorsHoldWhatWasSetPackedNchw() {
        long d = Cudnn.createTensor4d(DType.FLOAT64, 2, 3, 4, 5);
        try {
            assertArrayEquals(new int[] {Cudnn.CUDNN_DATA_DOUBLE, 2, 3, 4, 5, 60, 20, 5, 1}, Cudnn.tensor4d(d));
        } finally {
            Cudnn.destroyTensor(d);
        }
        long strided = Cudnn.createTensor(DType.FLOAT32, new int[] {2, 3, 4, 5}, new int[] {1, 2, 30, 6});
        try {
            assertArrayEquals(new int[] {Cudnn.CUDNN_DATA_FLOAT, 2, 3, 4, 5, 1, 2, 30, 6}, Cudnn.tensor4d(strided));
        } finally {
            Cudnn.destroyTensor(strided);
        }
    }

    @Test
    void filterDescriptorsHoldWhatWasSet() {
        long d = Cudnn.createFilter4d(DType.FLOAT32, 16, 3, 5, 7);
        try {
            assertArrayEquals(new int[] {Cudnn.CUDNN_DATA_FLOAT, Cudnn.CUDNN_TENSOR_NCHW, 16, 3, 5, 7},
                    Cudnn.filter4d(d));
        } finally {
            Cudnn.destroyFilter(d);
        }
    }

    @Test
    void convolutionDescriptorsHoldTheGeometryCrossCorrelationTheComputeTypeAndTheMathType() {
        var g = new ConvGeometry(2, 3, 1, 2, 3, 1, 4);
        long d = Cudnn.createConvolution2d(g, DType.FLOAT64, Cudnn.MathType.DEFAULT);
        try {
            assertArrayEquals(new int[] {1, 2, 2, 3, 3, 1, Cudnn.CUDNN_CROSS_CORRELATION, Cudnn.CUDNN_DATA_DOUBLE, 4},
                    Cudnn.convolution2d(d));
            assertEquals(Cudnn.MathType.DEFAULT, Cudnn.convolutionMathType(d));
            Cudnn.setConvolutionMathType(d, Cudnn.MathType.FMA);
            assertEquals(Cudnn.MathType.FMA, Cudnn.convolutionMathType(d));
        } finally {
            Cudnn.destroyConvolution(d);
        }
    }

    /** cuDNN reads alpha and beta as float for float32, float16 and bfloat16 data, as double for float64 data. */
    @Test
    void scalingFactorsAreFloatForTheHalfTypes() {
        try (var arena = java.lang.foreign.Arena.ofConfined()) {
            for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT16, DType.BFLOAT16}) {
                var alpha = Cudnn.scalar(arena, t, 0.5);
                assertEquals(4, alpha.byteSize(), t.toString());
                assertEquals(0.5f, alpha.get(java.lang.foreign.ValueLayout.JAVA_FLOAT, 0), t.toString());
            }
            assertEquals(8, Cudnn.scalar(arena, DType.FLOAT64, 0.5).byteSize());
        }
    }

    @Test
    void poolingOutputSizesAgreeWithPoolGeometry() {
        for (var g : List.of(new PoolGeometry(2, 2, 2, 2, 0, 0), new PoolGeometry(3, 3, 2, 1, 1, 1),
                new PoolGeometry(3, 2, 1, 2, 0, 1))) {
            long x = Cudnn.createTensor4d(DType.FLOAT32, 2, 3, 11, 8);
            long pool = Cudnn.createPooling2d(Cudnn.PoolingMode.MAX, g);
            try {
                assertArrayEquals(new int[] {2, 3, g.outH(11), g.outW(8)}, Cudnn.pooling2dForwardOutputDim(pool, x),
                        g.toString());
            } finally {
                Cudnn.destroyPooling(pool);
                Cudnn.destroyTensor(x);
            }
        }
    }

    @Test
    void batchNormStatisticsDescriptorsArePerChannelOrPerActivation() {
        long x = Cudnn.createTensor4d(DType.FLOAT64, 2, 3, 4, 5);
        long bn = Cudnn.createTensor4d(DType.FLOAT64, 1, 1, 1, 1);
        try {
            Cudnn.deriveBatchNormDescriptor(bn, x, Cudnn.BatchNormMode.SPATIAL);
            assertArrayEquals(new int[] {Cudnn.CUDNN_DATA_DOUBLE, 1, 3, 1, 1}, java.util.Arrays.copyOf(
                    Cudnn.tensor4d(bn), 5));
            Cudnn.deriveBatchNormDescriptor(bn, x, Cudnn.BatchNormMode.PER_ACTIVATION);
            assertArrayEquals(new int[] {Cudnn.CUDNN_DATA_DOUBLE, 1, 3, 4, 5}, java.util.Arrays.copyOf(
                    Cudnn.tensor4d(bn), 5));
        } finally {
            Cudnn.destroyTensor(bn);
            Cudnn.destroyTensor(x);
        }
    }
}
