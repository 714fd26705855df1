package dev.ember.nn.graph;

import dev.ember.Autograd;
import dev.ember.DType;
import dev.ember.Generator;
import dev.ember.GradCheck;
import dev.ember.Tensor;
import dev.ember.nn.Module;
import dev.ember.nn.ParameterGradCheck;
import dev.ember.nn.Sequential;
import dev.ember.nn.layers.Linear;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class GraphModelTest {
    /** Two inputs through one shared encoder, then a concat head and a product head: two outputs. */
    private record TwoTower(GraphModel model, Linear encoder, Linear pairHead, Linear productHead) {
        static TwoTower build(Generator g) {
            Linear encoder = new Linear(4, 6, dev.ember.nn.init.Init.pytorchDefault(), dev.ember.nn.init.Init.pytorchBias(4), g);
            Linear pairHead = new Linear(12, 1, dev.ember.nn.init.Init.pytorchDefault(), dev.ember.nn.init.Init.pytorchBias(12), g);
            Linear productHead = new Linear(6, 2, dev.ember.nn.init.Init.pytorchDefault(), dev.ember.nn.init.Init.pytorchBias(6), g);
            GraphBuilder b = new GraphBuilder();
            Node left = b.input("left");
            Node right = b.input("right");
            Node l = tanh(b, b.apply("encoder", encoder, left));
            Node r = tanh(b, b.apply(encoder, right));
            Node pair = b.apply("pair", pairHead, b.concat(1, l, r));
            Node product = b.apply("product", productHead, b.multiply(l, r));
            return new TwoTower(b.build(pair, product), encoder, pairHead, productHead);
        }
    }

    private static Node tanh(GraphBuilder b, Node n) { return b.merge("tanh", v -> v.get(0).tanh(), n); }

    private static Tensor mse(Tensor a, Tensor b) {
        Tensor d = a.sub(b);
        return d.mul(d).mean();
    }

    @Test
    void aSharedLayerIsOneSetOfParametersUnderStableNames() {
        TwoTower t = TwoTower.build(new Generator(1));
        assertEquals(List.of("encoder.weight", "encoder.bias", "pair.weight", "pair.bias", "product.weight", "product.bias"),
                List.copyOf(t.model().stateDict().keySet()));
        assertEquals(6 * 4 + 6 + 12 + 1 + 6 * 2 + 2, t.model().parameterCount());
        assertEquals(List.of("left", "right"), t.model().inputNames());

        GraphBuilder b = new GraphBuilder();
        Node x = b.input("x");
        Linear first = new Linear(3, 3);
        GraphModel auto = b.build(b.apply(new Linear(3, 2), b.apply(first, b.apply(first, x))));
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias"), List.copyOf(auto.stateDict().keySet()));
    }

    @Test
    void trainsWithTwoInputsAndTwoOutputsAndTheSharedGradientSumsBothUses() {
        Generator g = new Generator(42);
        TwoTower t = TwoTower.build(g);
        Tensor left = g.randn(16, 4);
        Tensor right = g.randn(16, 4);
        Tensor pairTarget = g.randn(16, 1);
        Tensor productTarget = g.randn(16, 2).mul(0.3);
        double first = Double.NaN;
        double last = Double.NaN;
        for (int step = 0; step < 40; step++) {
            t.model().zeroGrad();
            List<Tensor> outs = t.model().forward(Map.of("left", left, "right", right));
            Tensor loss = mse(outs.get(0), pairTarget).add(mse(outs.get(1), productTarget));
            loss.backward();
            if (step == 0) first = loss.item();
            last = loss.item();
            try (var noGrad = Autograd.noGrad()) {
                for (Tensor p : t.model().parameters()) p.subInPlace(p.grad().mul(0.2));
            }
        }
        assertTrue(last < 0.6 * first, "loss fell from " + first + " to " + last);

        // the same network with the encoder duplicated: the shared encoder's gradient is the sum of the copies'
        Linear copyLeft = new Linear(4, 6);
        Linear copyRight = new Linear(4, 6);
        copyLeft.loadStateDict(t.encoder().stateDict());
        copyRight.loadStateDict(t.encoder().stateDict());
        GraphBuilder b = new GraphBuilder();
        Node l = tanh(b, b.apply("encoderLeft", copyLeft, b.input("left")));
        Node r = tanh(b, b.apply("encoderRight", copyRight, b.input("right")));
        GraphModel unshared = b.build(b.apply("pair", t.pairHead(), b.concat(1, l, r)),
                b.apply("product", t.productHead(), b.multiply(l, r)));

        t.model().zeroGrad();
        List<Tensor> shared = t.model().forward(List.of(left, right));
        mse(shared.get(0), pairTarget).add(mse(shared.get(1), productTarget)).backward();
        float[] sharedGrad = t.encoder().weight().grad().toFloatArray();

        unshared.zeroGrad();
        List<Tensor> split = unshared.forward(List.of(left, right));
        assertArrayEquals(shared.get(0).toFloatArray(), split.get(0).toFloatArray(), 0f);
        mse(split.get(0), pairTarget).add(mse(split.get(1), productTarget)).backward();
        float[] sum = copyLeft.weight().grad().add(copyRight.weight().grad()).toFloatArray();
        assertArrayEquals(sum, sharedGrad, 1e-6f);
        assertTrue(copyLeft.weight().grad().abs().sum().item() > 0 && copyRight.weight().grad().abs().sum().item() > 0);
    }

    @Test
    void gradientsThroughMergesMatchFiniteDifferences() {
        TwoTower t = TwoTower.build(new Generator(3));
        t.model().to(DType.FLOAT64);
        Generator g = new Generator(4);
        Tensor left = g.randn(DType.FLOAT64, 3, 4);
        Tensor right = g.randn(DType.FLOAT64, 3, 4);
        GradCheck.Result r = GradCheck.check(in -> {
            List<Tensor> outs = t.model().forward(List.of(in[0], in[1]));
            return outs.get(0).sum().add(outs.get(1).mul(outs.get(1)).sum());
        }, left, right);
        assertTrue(r.passed(), r.toString());
        ParameterGradCheck.check(t.model(), () -> {
            List<Tensor> outs = t.model().forward(List.of(left, right));
            return outs.get(0).sum().add(outs.get(1).mul(outs.get(1)).sum());
        });
    }

    @Test
    void oneInputOneOutputGraphIsAnOrdinaryModule() {
        GraphBuilder b = new GraphBuilder();
        Node x = b.input("x");
        Linear a = new Linear(3, 4);
        Linear c = new Linear(3, 4);
        GraphModel branches = b.build(b.add(b.apply(a, x), b.apply(c, x)));
        Tensor in = Tensor.randn(2, 3);
        assertArrayEquals(a.forward(in).add(c.forward(in)).toFloatArray(), branches.forward(in).toFloatArray(), 1e-6f);
        Module nested = new Sequential(branches, new Linear(4, 1));
        assertEquals(List.of("0.0.weight", "0.0.bias", "0.1.weight", "0.1.bias", "1.weight", "1.bias"),
                List.copyOf(nested.stateDict().keySet()));
        assertArrayEquals(new int[] {2, 1}, nested.forward(in).shape());
        nested.eval();
        assertFalse(a.isTraining(), "train/eval reaches the graph's modules");
    }

    @Test
    void mistakesAreReportedClearly() {
        TwoTower t = TwoTower.build(new Generator(5));
        GraphModel m = t.model();
        Tensor x = Tensor.randn(2, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.forward(List.of(x)));
        assertEquals("GraphModel(inputs=[left, right], outputs=2): expected 2 inputs [left, right], got 1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.forward(Map.of("left", x, "rigth", x)));
        assertEquals("GraphModel(inputs=[left, right], outputs=2): unknown input 'rigth'; inputs are [left, right]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.forward(Map.of("left", x)));
        assertTrue(e.getMessage().contains("input 'right' is missing"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.forward(x));
        assertTrue(e.getMessage().contains("forward(Tensor) needs one input and one output"), e.getMessage());

        GraphBuilder one = new GraphBuilder();
        GraphBuilder two = new GraphBuilder();
        Node foreign = one.input("x");
        Node own = two.input("y");
        e = assertThrows(IllegalArgumentException.class, () -> two.apply(new Linear(2, 2), foreign));
        assertTrue(e.getMessage().contains("comes from another GraphBuilder"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> two.add(own, foreign));
        assertThrows(IllegalArgumentException.class, () -> two.build(foreign));
        assertThrows(IllegalArgumentException.class, () -> two.input("y"));
        assertThrows(IllegalArgumentException.class, () -> two.add(own));
        Node z = two.input("z");
        e = assertThrows(IllegalArgumentException.class, () -> two.build(two.apply(new Linear(2, 2), own)));
        assertEquals("GraphBuilder.build: inputs [z] are not used by any output", e.getMessage());

        Linear shared = new Linear(2, 2);
        two.apply("enc", shared, own);
        assertThrows(IllegalArgumentException.class, () -> two.apply("other", shared, z));
        assertThrows(IllegalArgumentException.class, () -> two.apply("enc", new Linear(2, 2), z));
    }
}
