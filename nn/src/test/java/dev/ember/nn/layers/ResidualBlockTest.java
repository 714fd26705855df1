package dev.ember.nn.layers;

import dev.ember.DType;
import dev.ember.GradCheck;
import dev.ember.Tensor;
import dev.ember.nn.ParameterGradCheck;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.ember.nn.layers.Waves.cosines;
import static dev.ember.nn.layers.Waves.wave;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Reference: torchvision's {@code BasicBlock} (copied, as torchvision is not installed) in PyTorch 1.13, float64:
 * <pre>
 * blk = BasicBlock(2, 3, 2, nn.Sequential(nn.Conv2d(2, 3, 1, 2, bias=False), nn.BatchNorm2d(3))).double()
 * for k, p in enumerate(blk.parameters()): p.copy_(wave(p.shape, 0.3 + 0.1 k, 0.7) * 0.5)
 * x = wave((2, 2, 5, 5), 0.37, 1.3); y = blk(x); (y * cos(0.11 i)).sum().backward()
 * </pre>
 */
class ResidualBlockTest {
    private static ResidualBlock referenceBlock() {
        ResidualBlock block = new ResidualBlock(2, 3, 2);
        block.to(DType.FLOAT64);
        Map<String, Tensor> state = new LinkedHashMap<>(block.stateDict());
        int k = 0;
        for (var e : block.namedParameters().entrySet()) {
            state.put(e.getKey(), wave(0.3 + 0.1 * k++, 0.7, e.getValue().shape()).mul(0.5));
        }
        block.loadStateDict(state);
        return block;
    }

    @Test
    void stateDictKeysAreThoseOfTorchvisionsBasicBlock() {
        // list(BasicBlock(3, 3).state_dict().keys()), and with the downsample projection
        List<String> plain = List.of("conv1.weight", "bn1.weight", "bn1.bias", "bn1.running_mean", "bn1.running_var",
                "bn1.num_batches_tracked", "conv2.weight", "bn2.weight", "bn2.bias", "bn2.running_mean", "bn2.running_var",
                "bn2.num_batches_tracked");
        assertEquals(plain, List.copyOf(new ResidualBlock(3, 3, 1).stateDict().keySet()));
        List<String> projected = new java.util.ArrayList<>(plain);
        projected.addAll(List.of("downsample.0.weight", "downsample.1.weight", "downsample.1.bias", "downsample.1.running_mean",
                "downsample.1.running_var", "downsample.1.num_batches_tracked"));
        ResidualBlock block = new ResidualBlock(2, 3, 2);
        assertEquals(projected, List.copyOf(block.stateDict().keySet()));
        assertTrue(block.hasProjection());
        assertFalse(new ResidualBlock(3, 3, 1).hasProjection());
        assertArrayEquals(new int[] {3, 2, 3, 3}, block.stateDict().get("conv1.weight").shape());
        assertArrayEquals(new int[] {3, 2, 1, 1}, block.stateDict().get("downsample.0.weight").shape());
    }

    @Test
    void matchesPyTorchBasicBlock() {
        ResidualBlock block = referenceBlock();
        Tensor x = wave(0.37, 1.3, 2, 2, 5, 5).requiresGrad(true);
        Tensor y = block.forward(x);
        assertArrayEquals(new int[] {2, 3, 3, 3}, y.shape());
        y.mul(cosines(0.11, 2, 3, 3, 3)).sum().backward();
        assertArrayEquals(new double[] {1.6579302922, 1.2618414429, 2.1175216036, 1.376984981, 1.223433949, 1.5192613904,
                0.3010840747, 0.0, 0.3692930127, 2.5114211386, 1.8713318725, 3.4023028219, 3.4649918137, 0.3708688075,
                1.7674754283, 3.4329747602, 2.0179350589, 4.9592598796, 0.0, 1.7033255691, 0.6134778452, 2.6216233884,
                3.7487677433, 1.2880522308, 1.2922468126, 4.0383605517, 1.7488673479, 1.143608658, 1.9631003028,
                1.2269536209, 0.5400587389, 1.9382801522, 0.5862095585, 0.2472152416, 0.7820142523, 0.0, 0.0, 1.579761178,
                2.6494646044, 2.9179142452, 2.800001601, 1.7812047686, 0.9874192915, 3.0543372051, 3.1614253563,
                1.0792909845, 0.1080396566, 2.2137882893, 4.2092062386, 1.7284696476, 2.5555711932, 2.2186633546,
                1.8769089491, 3.8266439238}, y.toDoubleArray(), 1e-8);
        assertArrayEquals(new double[] {0.6608838443, 0.2987438646, 1.1353544977, 0.3157774964, 0.9065139129, -0.1925753361,
                -0.2992778838, -0.2013728954}, java.util.Arrays.copyOf(x.grad().toDoubleArray(), 8), 1e-8);
        Map<String, Tensor> params = block.namedParameters();
        assertArrayEquals(new double[] {0.0361624185, 0.0689123436, -0.0241976481, -0.0872615056, 0.0225449031, -0.0214144352},
                java.util.Arrays.copyOf(params.get("conv1.weight").grad().toDoubleArray(), 6), 1e-8);
        assertArrayEquals(new double[] {1.432482111, -0.61440018, -0.0435559621, 0.2636046653, -0.7233427011, 0.4571042288},
                params.get("downsample.0.weight").grad().toDoubleArray(), 1e-8);
        assertArrayEquals(new double[] {0.2477728536, 0.03120798, -0.2086234762},
                block.stateDict().get("bn1.running_mean").toDoubleArray(), 1e-8);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        ResidualBlock block = referenceBlock();
        block.eval();   // fixed statistics, so each finite-difference evaluation sees the same function
        Tensor w = cosines(0.11, 2, 3, 2, 2);
        GradCheck.Result r = GradCheck.check(in -> block.forward(in[0]).mul(w).sum(), wave(0.37, 1.3, 2, 2, 4, 4));
        assertTrue(r.passed(), r.toString());
        block.train();
        Tensor x = wave(0.37, 1.3, 2, 2, 4, 4);
        ParameterGradCheck.check(block, () -> block.forward(x).mul(w).sum());

        ResidualBlock identity = new ResidualBlock(2, 2, 1);
        identity.to(DType.FLOAT64);
        Tensor wi = cosines(0.11, 2, 2, 4, 4);
        r = GradCheck.check(in -> identity.forward(in[0]).mul(wi).sum(), x);
        assertTrue(r.passed(), r.toString());
    }

    @Test
    void identityShortcutKeepsTheShapeAndBadInputIsRejected() {
        ResidualBlock block = new ResidualBlock(4, 4, 1);
        assertArrayEquals(new int[] {2, 4, 6, 6}, block.forward(Tensor.randn(2, 4, 6, 6)).shape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> block.forward(Tensor.zeros(2, 3, 6, 6)));
        assertEquals("ResidualBlock(4, 4, stride=1): expected input of shape [N, 4, H, W], got [2, 3, 6, 6]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ResidualBlock(4, 4, 0));
    }
}
