package dev.ember.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ember.DType;
import dev.ember.backend.ConvGeometry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Plan keys and algorithm choice: plain Java, no library needed. */
class ConvolutionKeyTest {
    private static final ConvGeometry PLAIN = new ConvGeometry(1, 1, 0, 0, 1, 1, 1);
    private static final Cudnn.MathType FMA = Cudnn.MathType.FMA, DEFAULT = Cudnn.MathType.DEFAULT;

    private static ConvolutionKey key(DType dtype, boolean allowTf32) {
        return ConvolutionKey.of(dtype, new int[] {2, 4, 9, 7}, new int[] {6, 2, 3, 3},
                new ConvGeometry(2, 1, 1, 0, 1, 2, 2), allowTf32);
    }

    @Test
    void shapesComeFromTheGeometry() {
        var k = key(DType.FLOAT32, false);

        assertArrayEquals(new int[] {2, 4, 9, 7}, k.xShape());
        assertArrayEquals(new int[] {6, 2, 3, 3}, k.wShape());
        assertArrayEquals(new int[] {2, 6, 5, 3}, k.yShape());   // (9+2-3)/2+1, (7-2*2-1)/1+1
    }

    @Test
    void float32KeepsToFmaUnlessTf32IsAllowedAndFloat64UsesTheDefault() {
        assertEquals(FMA, key(DType.FLOAT32, false).mathType());
        assertEquals(DEFAULT, key(DType.FLOAT32, true).mathType());
        assertEquals(DEFAULT, key(DType.FLOAT64, false).mathType());
        assertEquals(key(DType.FLOAT64, false), key(DType.FLOAT64, true));   // TF32 means nothing for float64
    }

    @Test
    void theHalfTypesAccumulateInFloat32OnTensorCoresAndTf32MeansNothingForThem() {
        for (DType half : new DType[] {DType.FLOAT16, DType.BFLOAT16}) {
            assertEquals(DType.FLOAT32, key(half, false).computeType());
            assertEquals(Cudnn.MathType.TENSOR_OP, key(half, false).mathType());
            assertEquals(key(half, false), key(half, true));
        }
        assertEquals(DType.FLOAT32, key(DType.FLOAT32, false).computeType());
        assertEquals(DType.FLOAT64, key(DType.FLOAT64, false).computeType());
        assertFalse(key(DType.FLOAT16, false).equals(key(DType.BFLOAT16, false)));
    }

    @Test
    void halfKeysTakeTheFirstSuccessfulAlgorithmInAnyMathType() {
        for (DType half : new DType[] {DType.FLOAT16, DType.BFLOAT16}) {
            var fmaFirst = List.of(result(6, 3000, Cudnn.MathType.TENSOR_OP), result(0, 0, FMA), result(1, 0, DEFAULT));
            assertEquals(new ConvolutionPlan.Algorithm(0, FMA, 3), choose(fmaFirst, key(half, false)));
            var tensorOpFirst = List.of(result(1, 0, Cudnn.MathType.TENSOR_OP), result(0, 0, FMA));
            assertEquals(new ConvolutionPlan.Algorithm(1, Cudnn.MathType.TENSOR_OP, 101),
                    choose(tensorOpFirst, key(half, false)));
        }
    }

    @Test
    void keysAreEqualByValueSoTheyCanKeyACache() {
        assertEquals(key(DType.FLOAT32, false), key(DType.FLOAT32, false));
        assertEquals(key(DType.FLOAT32, false).hashCode(), key(DType.FLOAT32, false).hashCode());
        assertFalse(key(DType.FLOAT32, false).equals(key(DType.FLOAT32, true)));
    }

    @Test
    void badShapesAreRejectedWithTheShapesInTheMessage() {
        var channels = assertThrows(IllegalArgumentException.class, () -> ConvolutionKey.of(DType.FLOAT32,
                new int[] {1, 3, 8, 8}, new int[] {4, 2, 3, 3}, PLAIN, false));
        assertTrue(channels.getMessage().contains("[4, 2, 3, 3]") && channels.getMessage().contains("[1, 3, 8, 8]"),
                channels.getMessage());

        var rank = assertThrows(IllegalArgumentException.class, () -> ConvolutionKey.of(DType.FLOAT32,
                new int[] {3, 8, 8}, new int[] {4, 3, 3, 3}, PLAIN, false));
        assertTrue(rank.getMessage().contains("[3, 8, 8]"), rank.getMessage());

        var empty = assertThrows(IllegalArgumentException.class, () -> ConvolutionKey.of(DType.FLOAT32,
                new int[] {1, 3, 2, 8}, new int[] {4, 3, 3, 3}, PLAIN, false));
        assertTrue(empty.getMessage().contains("empty output"), empty.getMessage());

        var dtype = assertThrows(IllegalArgumentException.class, () -> ConvolutionKey.of(DType.INT32,
                new int[] {1, 3, 8, 8}, new int[] {4, 3, 3, 3}, PLAIN, false));
        assertTrue(dtype.getMessage().contains("int32"), dtype.getMessage());

        var groups = assertThrows(IllegalArgumentException.class, () -> ConvolutionKey.of(DType.FLOAT32,
                new int[] {1, 4, 8, 8}, new int[] {3, 2, 3, 3}, new ConvGeometry(1, 1, 0, 0, 1, 1, 2), false));
        assertTrue(groups.getMessage().contains("groups 2"), groups.getMessage());
    }

    private static Cudnn.AlgorithmResult result(int algorithm, int status, Cudnn.MathType mathType) {
        return new Cudnn.AlgorithmResult(algorithm, status, -1, 0, 1, mathType);
    }

    private static final ConvolutionPlan.Direction FORWARD = ConvolutionPlan.Direction.FORWARD;

    /** The choice with a workspace size that names the algorithm and math type it was asked for. */
    private static ConvolutionPlan.Choice choose(List<Cudnn.AlgorithmResult> results, ConvolutionKey key) {
        return ConvolutionPlan.choose(FORWARD, results, key, (algorithm, mathType) -> 100L * algorithm + mathType.value);
    }

    @Test
    void theFirstSuccessfulResultInAPermittedMathTypeIsChosen() {
        var results = List.of(result(6, 3000, FMA), result(1, 0, Cudnn.MathType.TENSOR_OP), result(2, 0, DEFAULT),
                result(0, 0, FMA), result(7, 0, FMA));

        assertEquals(new ConvolutionPlan.Algorithm(0, FMA, 3), choose(results, key(DType.FLOAT32, false)));
        var tensorOp = new ConvolutionPlan.Algorithm(1, Cudnn.MathType.TENSOR_OP, 101);
        assertEquals(tensorOp, choose(results, key(DType.FLOAT32, true)));
        assertEquals(tensorOp, choose(results, key(DType.FLOAT64, false)));
    }

    @Test
    void noUsableAlgorithmFallsBackSayingWhatWasOfferedAndWhatWouldHelp() {
        var results = List.of(result(1, 0, Cudnn.MathType.TENSOR_OP), result(0, 3000, FMA));

        var choice = ConvolutionPlan.choose(ConvolutionPlan.Direction.BACKWARD_FILTER, results,
                key(DType.FLOAT32, false), (algorithm, mathType) -> {
                    throw new AssertionError("no workspace is asked for when nothing is chosen");
                });

        String reason = assertInstanceOf(ConvolutionPlan.Fallback.class, choice).reason();
        assertTrue(reason.contains("no usable backward filter algorithm"), reason);
        assertTrue(reason.contains("allowTf32"), reason);
        assertTrue(reason.contains("status=3000"), reason);
    }

    @Test
    void float64WithNothingOfferedOrNothingSupportedFallsBack() {
        var grouped = ConvolutionKey.of(DType.FLOAT64, new int[] {2, 4, 9, 9}, new int[] {4, 1, 3, 3},
                new ConvGeometry(1, 1, 2, 2, 2, 2, 4), false);
        var notSupported = List.of(result(0, 3000, DEFAULT), result(1, 3000, DEFAULT), result(2, 3000, DEFAULT));

        for (var results : List.of(List.<Cudnn.AlgorithmResult>of(), notSupported)) {
            assertInstanceOf(ConvolutionPlan.Fallback.class, choose(results, grouped), results.toString());
        }
    }

    @Test
    void anAlgorithmWhoseWorkspaceQueryIsNotSupportedIsPassedOverAndOtherFailuresAreThrown() {
        var results = List.of(result(1, 0, DEFAULT), result(0, 0, DEFAULT));
        var key = key(DType.FLOAT64, false);

        var choice = ConvolutionPlan.choose(FORWARD, results, key, (algorithm, mathType) -> {
            if (algorithm == 1) throw refusal(3002, "CUDNN_STATUS_NOT_SUPPORTED_SHAPE");
            return 64;
        });
        assertEquals(new ConvolutionPlan.Algorithm(0, DEFAULT, 64), choice);

        var none = ConvolutionPlan.choose(FORWARD, results, key, (algorithm, mathType) -> {
            throw refusal(3000, "CUDNN_STATUS_NOT_SUPPORTED");
        });
        String reason = assertInstanceOf(ConvolutionPlan.Fallback.class, none).reason();
        assertTrue(reason.contains("algorithm 1: CUDNN_STATUS_NOT_SUPPORTED"), reason);

        var bad = assertThrows(CudaLibraryException.class, () -> ConvolutionPlan.choose(FORWARD, results, key,
                (algorithm, mathType) -> {
                    throw refusal(2000, "CUDNN_STATUS_BAD_PARAM");
                }));
        assertEquals(2000, bad.status());
    }

    private static CudaLibraryException refusal(int status, String name) {
        return new CudaLibraryException("cudnnGetConvolutionForwardWorkspaceSize", status, name, name);
    }
}
