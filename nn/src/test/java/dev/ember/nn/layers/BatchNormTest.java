package dev.ember.nn.layers;

import dev.ember.Autograd;
import dev.ember.DType;
import dev.ember.GradCheck;
import dev.ember.Tensor;
import dev.ember.nn.ParameterGradCheck;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.ember.nn.layers.Waves.cosines;
import static dev.ember.nn.layers.Waves.wave;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Reference numbers from PyTorch 1.13 in float64:
 * <pre>
 * bn = torch.nn.BatchNorm2d(3).double(); bn.weight = [1.5, -0.5, 2.0]; bn.bias = [0.1, 0.2, -0.3] (float64)
 * x = (sin(0.37 i) * 2 + cos(1.3 i)).reshape(2, 3, 2, 2); w = cos(0.11 i).reshape(2, 3, 2, 2)
 * (bn(x) * w).sum().backward(); bn(x * 0.5 + 1); bn.eval(); (bn(x) * w).sum().backward()
 * </pre>
 */
class BatchNormTest {
    private static final double TOL = 1e-8;

    private static BatchNorm2d referenceLayer() {
        BatchNorm2d bn = new BatchNorm2d(3);
        bn.to(DType.FLOAT64);
        try (var noGrad = Autograd.noGrad()) {
            bn.weight().value().copyFrom(Tensor.of(new double[] {1.5, -0.5, 2.0}, 3));
            bn.bias().value().copyFrom(Tensor.of(new double[] {0.1, 0.2, -0.3}, 3));
        }
        return bn;
    }

    private static void assertClose(double[] expected, Tensor actual) {
        double[] got = actual.toDoubleArray();
        assertEquals(expected.length, got.length);
        for (int i = 0; i < got.length; i++) assertEquals(expected[i], got[i], TOL, "element " + i);
    }

    @Test
    void trainingMatchesPyTorchValuesAndGradients() {
        BatchNorm2d bn = referenceLayer();
        Tensor x = wave(0.37, 1.3, 2, 3, 2, 2).requiresGrad(true);
        Tensor y = bn.forward(x);
        y.mul(cosines(0.11, 2, 3, 2, 2)).sum().backward();
        assertClose(new double[] {1.5321729371, 1.5227438203, 1.0151521149, 1.5987594842, -0.3056875206, -0.4561993305,
                -0.026794273, 0.503670324, -1.5633991983, -0.7978877099, -1.4863844216, -4.0951251982, -2.4554274689,
                -1.8856392746, -0.4908424665, -0.0369191465, 0.908867765, 0.8743493461, 0.3409983799, -0.2392046909,
                2.7177243187, 1.0774017885, 0.3327421708, 1.4149282499}, y);
        assertClose(new double[] {0.1331070789, 0.1292172241, 0.2323803714, 0.0622824585, -0.1297625161, -0.0822113954,
                -0.1453249942, -0.2250645147, 0.7195381074, 0.8683171626, 0.4517205641, -0.7062380247, 0.323142242,
                0.0770282502, -0.3683404373, -0.5888171877, 0.0058612803, 0.0492467077, 0.1896417824, 0.3376136501,
                0.3681275777, -0.3955252122, -0.8043386773, -0.5016014977}, x.grad());
        assertClose(new double[] {2.8247335542, 2.2967387162, -3.769524394}, bn.weight().grad());
        assertClose(new double[] {4.2560735186, 1.888275108, -0.8392334294}, bn.bias().grad());
        assertClose(new double[] {-0.0408051651, 0.0985803638, 0.0580514713}, bn.runningMean().value());
        assertClose(new double[] {1.1485528313, 1.1429070409, 1.0743806431}, bn.runningVar().value());
        assertFalse(bn.runningMean().value().requiresGrad(), "running stats are not recorded");
    }

    @Test
    void runningStatisticsAfterTwoStepsAndEvalModeMatchPyTorch() {
        BatchNorm2d bn = referenceLayer();
        Tensor x = wave(0.37, 1.3, 2, 3, 2, 2);
        bn.forward(x);
        bn.forward(x.mul(0.5).add(1.0));
        assertClose(new double[] {0.0428727689, 0.2380125093, 0.1812720599}, bn.runningMean().value());
        assertClose(new double[] {1.095835756, 1.089343097, 1.0105377396}, bn.runningVar().value());
        assertEquals(DType.INT64, bn.numBatchesTracked().value().dtype());
        assertEquals(0, bn.numBatchesTracked().value().rank());
        assertEquals(2, bn.numBatchesTracked().value().item());

        bn.eval();
        Tensor xe = x.copy().requiresGrad(true);
        Tensor y = bn.forward(xe);
        y.mul(cosines(0.11, 2, 3, 2, 2)).sum().backward();
        assertClose(new double[] {1.471469698, 1.4581862542, 0.7431069912, 1.5652747356, -0.8645882801, -1.0748263407,
                -0.4750243279, 0.2659397747, -1.0581397209, -0.1174901052, -0.9635050601, -4.169088577, -4.1461365968,
                -3.3434368724, -1.3784909071, -0.739017981, 0.8319280798, 0.7837120264, 0.0387161829, -0.7717236656,
                4.202443892, 2.1868389256, 1.2718117916, 2.601586635}, y);
        assertClose(new double[] {1.4329021821, 1.4242418617, 1.3983655847, 1.3555861384, -0.4334260982, -0.4084064084,
                -0.3784499818, -0.3439189261, 1.2676344856, 1.0916376679, 0.902445348, 0.7023444455, 0.3556111462,
                0.2010814642, 0.0441211489, -0.1133724942, 0.0900992104, 0.1412060364, 0.1906059915, 0.2377019387,
                -1.1708435555, -1.3403489875, -1.4936525436, -1.6289011203}, xe.grad());
        assertClose(new double[] {2.1460764581, 4.5610190469, -4.9652424832}, bn.weight().grad());
        assertEquals(2, bn.numBatchesTracked().value().item(), "eval mode leaves the running stats alone");

        try (var noGrad = Autograd.noGrad()) {   // the fused no-grad path gives the same numbers
            assertClose(y.detach().toDoubleArray(), bn.forward(x));
        }
    }

    /** b1 = nn.BatchNorm1d(3).double(); b1(x.reshape(2, 3, 4)); b1(x'.reshape(4, 3)) with x' = wave(0.37, 1.3) of 12. */
    @Test
    void batchNorm1dTakesBothRanksLikePyTorch() {
        BatchNorm1d bn = new BatchNorm1d(3);
        bn.to(DType.FLOAT64);
        assertClose(new double[] {0.9547819581, 0.9484958802, 0.61010141, 0.9991729895, 1.0113750413, 1.3123986609,
                0.4535885461, -0.6073406481, -0.6316995991, -0.2489438549, -0.5931922108, -1.8975625991, -1.7036183126,
                -1.3237595164, -0.3938949777, -0.091279431, -1.41773553, -1.3486986921, -0.2819967599, 0.8784093818,
                1.5088621594, 0.6887008942, 0.3163710854, 0.857464125}, bn.forward(wave(0.37, 1.3, 2, 3, 4)));
        assertClose(new double[] {1.1485528313, 1.1429070409, 1.0743806431}, bn.runningVar().value());
        assertClose(new double[] {0.0074024693, 0.1378866771, 0.0802419461, 0.1416271027, 1.5755757563, 1.5134158544,
                1.33413952, -0.73317301, -0.3314006493, -1.4831690919, -0.9802894234, -1.2622571512}, bn.forward(wave(0.37, 1.3, 4, 3)));
        assertClose(new double[] {0.0629143125, 0.1737010682, 0.0879359587}, bn.runningMean().value());
    }

    @Test
    void inputGradientMatchesFiniteDifferencesInBothModes() {
        for (boolean training : new boolean[] {true, false}) {
            BatchNorm2d bn = new BatchNorm2d(2);
            bn.to(DType.FLOAT64);
            try (var noGrad = Autograd.noGrad()) {
                bn.weight().value().copyFrom(Tensor.of(new double[] {1.3, -0.7}, 2));
                bn.bias().value().copyFrom(Tensor.of(new double[] {0.2, 0.4}, 2));
            }
            bn.forward(wave(0.5, 0.9, 3, 2, 2, 2));   // non-trivial running stats for eval mode
            bn.train(training);
            Tensor w = cosines(0.11, 3, 2, 2, 2);
            GradCheck.Result r = GradCheck.check(in -> bn.forward(in[0]).mul(w).sum(), wave(0.37, 1.3, 3, 2, 2, 2));
            assertTrue(r.passed(), (training ? "train: " : "eval: ") + r);
        }
    }

    @Test
    void parameterGradientsMatchFiniteDifferencesInBothModes() {
        for (boolean training : new boolean[] {true, false}) {
            BatchNorm1d bn = new BatchNorm1d(2);
            bn.to(DType.FLOAT64);
            bn.forward(wave(0.5, 0.9, 4, 2, 3));
            bn.train(training);
            Tensor x = wave(0.37, 1.3, 4, 2, 3);
            Tensor w = cosines(0.11, 4, 2, 3);
            ParameterGradCheck.check(bn, () -> bn.forward(x).mul(w).sum());
        }
    }

    @Test
    void stateDictKeysAreExactlyPyTorchs() {
        // list(nn.BatchNorm2d(3).state_dict().keys())
        assertEquals(List.of("weight", "bias", "running_mean", "running_var", "num_batches_tracked"),
                List.copyOf(new BatchNorm2d(3).stateDict().keySet()));
        assertEquals(List.of("running_mean", "running_var", "num_batches_tracked"),
                List.copyOf(new BatchNorm2d(3, 1e-5, 0.1, false, true).stateDict().keySet()));
        assertEquals(List.of("weight", "bias"), List.copyOf(new BatchNorm1d(3, 1e-5, 0.1, true, false).stateDict().keySet()));
    }

    @Test
    void withoutRunningStatsEvalStillUsesTheBatch() {
        BatchNorm2d bn = new BatchNorm2d(3, 1e-5, 0.1, false, false);
        bn.to(DType.FLOAT64);
        Tensor x = wave(0.37, 1.3, 2, 3, 2, 2);
        double[] train = bn.forward(x).toDoubleArray();
        bn.eval();
        assertArrayEquals(train, bn.forward(x).toDoubleArray(), 1e-12);
        Tensor perChannelMean = bn.forward(x).mean(new int[] {0, 2, 3}, false);
        assertArrayEquals(new double[3], perChannelMean.toDoubleArray(), 1e-12);
    }

    @Test
    void withoutAffineEvalIsTheRunningStandardisation() {
        BatchNorm1d bn = new BatchNorm1d(3, 1e-5, 0.5, false, true);
        bn.to(DType.FLOAT64);
        bn.forward(wave(0.5, 0.9, 4, 3));
        bn.eval();
        Tensor x = wave(0.37, 1.3, 2, 3);
        Tensor expected = x.sub(bn.runningMean().value()).div(bn.runningVar().value().add(1e-5).sqrt());
        assertArrayEquals(expected.toDoubleArray(), bn.forward(x).toDoubleArray(), 1e-12);
        assertNotEquals(0.0, bn.runningMean().value().abs().sum().item());
    }

    @Test
    void badInputAndHyperparametersAreRejectedClearly() {
        BatchNorm2d bn = new BatchNorm2d(32);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bn.forward(Tensor.zeros(4, 16, 8, 8)));
        assertEquals("BatchNorm2d(32): expected input of shape [N, 32, H, W], got [4, 16, 8, 8]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> bn.forward(Tensor.zeros(4, 32)));
        assertEquals("BatchNorm2d(32): expected input of shape [N, 32, H, W], got [4, 32]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new BatchNorm1d(4).forward(Tensor.zeros(4)));
        assertEquals("BatchNorm1d(4): expected input of shape [N, 4] or [N, 4, L], got [4]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new BatchNorm1d(4).forward(Tensor.zeros(1, 4)));
        assertTrue(e.getMessage().contains("more than 1 value per channel"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(0));
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(3, 0, 0.1, true, true));
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(3, 1e-5, 1.5, true, true));
    }
}
