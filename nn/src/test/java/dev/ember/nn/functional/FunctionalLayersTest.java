package dev.ember.nn.functional;

import dev.ember.Generator;
import dev.ember.Tensor;
import dev.ember.nn.layers.AdaptiveAvgPool1d;
import dev.ember.nn.layers.AdaptiveAvgPool2d;
import dev.ember.nn.layers.AdaptiveMaxPool1d;
import dev.ember.nn.layers.AdaptiveMaxPool2d;
import dev.ember.nn.layers.AvgPool1d;
import dev.ember.nn.layers.AvgPool2d;
import dev.ember.nn.layers.BatchNorm1d;
import dev.ember.nn.layers.CosineSimilarity;
import dev.ember.nn.layers.Dropout;
import dev.ember.nn.layers.EmbeddingBag;
import dev.ember.nn.layers.GroupNorm;
import dev.ember.nn.layers.InstanceNorm1d;
import dev.ember.nn.layers.InstanceNorm2d;
import dev.ember.nn.layers.Linear;
import dev.ember.nn.layers.LocalResponseNorm;
import dev.ember.nn.layers.LpPool1d;
import dev.ember.nn.layers.PairwiseDistance;
import dev.ember.nn.loss.CTCLoss;
import dev.ember.nn.loss.CosineEmbeddingLoss;
import dev.ember.nn.loss.GaussianNLLLoss;
import dev.ember.nn.loss.MarginRankingLoss;
import dev.ember.nn.loss.MultiLabelSoftMarginLoss;
import dev.ember.nn.loss.MultiMarginLoss;
import dev.ember.nn.loss.PoissonNLLLoss;
import dev.ember.nn.loss.Reduction;
import dev.ember.nn.loss.SmoothL1Loss;
import dev.ember.nn.loss.SoftMarginLoss;
import dev.ember.nn.loss.TripletMarginLoss;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The layer and loss classes are their functional forms with PyTorch's defaults and key names; weights passed
 * to the functional forms receive gradients; the average pooling layer and function agree at the borders; bad
 * shapes are refused naming the function and the shapes.
 */
class FunctionalLayersTest {
    private static final Map<String, TorchReference.Case> TORCH = TorchReference.load();

    private static Tensor input(String caseName, String input) { return TORCH.get(caseName).inputs().get(input).tensor(); }

    private static void same(Tensor expected, Tensor actual) {
        assertArrayEquals(expected.shape(), actual.shape());
        assertArrayEquals(expected.toDoubleArray(), actual.toDoubleArray(), 1e-12);
    }

    private static void same(double[] expected, Tensor actual) { assertArrayEquals(expected, actual.toDoubleArray(), 1e-9); }

    @Test
    void avgPoolLayersCountPaddingAsTheFunctionAndPyTorchDoWhileTheEngineOpDoesNot() {
        Tensor x = input("avgPool2d pad include", "x");
        double[] torchInclude = TORCH.get("avgPool2d pad include").out();
        same(torchInclude, new AvgPool2d(3, 2, 1).forward(x));
        same(torchInclude, F.avgPool2d(x, 3, 2, 1));
        Tensor x2 = input("avgPool2d pad exclude", "x");
        double[] torchExclude = TORCH.get("avgPool2d pad exclude").out();
        same(torchExclude, new AvgPool2d(new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1}, false).forward(x2));
        // the engine op is the count_include_pad=False primitive: at the corner, where 5 of 9 are padding, it
        // gives 9/4 of the default's value
        same(torchExclude, x2.avgPool2d(3, 2, 1));
        assertEquals(torchInclude[0] * 9 / 4, x.avgPool2d(3, 2, 1).toDoubleArray()[0], 1e-12);
        Tensor s = input("avgPool1d pad include", "x");
        same(TORCH.get("avgPool1d pad include").out(), new AvgPool1d(4, 3, 2).forward(s));
    }

    @Test
    void adaptiveBinsArePyTorchsFloorAndCeil() {
        // in 5, out 3: [0, 2), [1, 4), [3, 5)
        int[][] bins = {{0, 2}, {1, 4}, {3, 5}};
        for (int i = 0; i < 3; i++) {
            assertEquals(bins[i][0], AdaptivePools.start(i, 5, 3));
            assertEquals(bins[i][1], AdaptivePools.end(i, 5, 3));
        }
        Tensor x = Tensor.arange(0, 5, 1).to(dev.ember.DType.FLOAT64).reshape(1, 1, 5);
        same(new double[] {0.5, 2, 3.5}, new AdaptiveAvgPool1d(3).forward(x));
        same(new double[] {1, 3, 4}, new AdaptiveMaxPool1d(3).forward(x));
        String c = "adaptiveAvgPool2d 7x5to3x2";
        same(TORCH.get(c).out(), new AdaptiveAvgPool2d(new int[] {3, 2}).forward(input(c, "x")));
        c = "adaptiveMaxPool2d 9x7to4x3";
        same(TORCH.get(c).out(), new AdaptiveMaxPool2d(new int[] {4, 3}).forward(input(c, "x")));
        assertArrayEquals(new int[] {2, 3, 7, 7}, new AdaptiveAvgPool2d(7).forward(Tensor.randn(2, 3, 10, 23)).shape());
    }

    @Test
    void normLayersAreTheFunctionalFormsWithPyTorchsDefaultsAndKeys() {
        GroupNorm gn = new GroupNorm(2, 6);
        assertEquals(Set.of("weight", "bias"), gn.stateDict().keySet());
        Tensor x = input("groupNorm", "x");
        same(F.groupNorm(x, 2, null, null), gn.forward(x));

        InstanceNorm2d plain = new InstanceNorm2d(3);
        assertTrue(plain.stateDict().isEmpty(), "PyTorch's InstanceNorm has no affine parameters nor running statistics by default");
        Tensor img = input("instanceNorm", "x");
        same(TORCH.get("instanceNorm").out(), plain.forward(img));
        same(plain.forward(img).select(0, 1), plain.forward(img.select(0, 1)));   // unbatched

        InstanceNorm1d tracked = new InstanceNorm1d(2, 1e-5, 0.3, true, true);
        assertEquals(Set.of("weight", "bias", "running_mean", "running_var", "num_batches_tracked"), tracked.stateDict().keySet());
        TorchReference.Case r = TORCH.get("instanceNorm running affine");
        tracked.loadStateDict(Map.of("weight", input(r.name(), "w").to(dev.ember.DType.FLOAT32), "bias", input(r.name(), "b").to(dev.ember.DType.FLOAT32),
                "running_mean", input(r.name(), "rm").to(dev.ember.DType.FLOAT32), "running_var", input(r.name(), "rv").to(dev.ember.DType.FLOAT32),
                "num_batches_tracked", Tensor.scalar(dev.ember.DType.INT64, 0L)));
        tracked.to(dev.ember.DType.FLOAT64);
        assertArrayEquals(r.out(), tracked.forward(input(r.name(), "x")).toDoubleArray(), 1e-6);   // float32 round trip
        assertArrayEquals(r.after().get("rm"), tracked.runningMean().value().toDoubleArray(), 1e-6);
        assertArrayEquals(r.after().get("rv"), tracked.runningVar().value().toDoubleArray(), 1e-6);
        tracked.eval();
        Tensor y = tracked.forward(input(r.name(), "x"));
        same(F.instanceNorm(input(r.name(), "x"), tracked.runningMean().value(), tracked.runningVar().value(),
                tracked.weight().value(), tracked.bias().value(), false, 0.3, 1e-5), y);

        Tensor lrn = input("localResponseNorm size2 1d", "x");
        same(TORCH.get("localResponseNorm size2 1d").out(), new LocalResponseNorm(2).forward(lrn));
    }

    @Test
    void batchNormFunctionUpdatesTheRunningStatisticsPassedInAsTheLayerDoes() {
        Tensor x = Tensor.randn(dev.ember.DType.FLOAT64, 8, 3);
        BatchNorm1d layer = new BatchNorm1d(3);
        layer.to(dev.ember.DType.FLOAT64);
        Tensor rm = Tensor.zeros(dev.ember.DType.FLOAT64, 3);
        Tensor rv = Tensor.ones(dev.ember.DType.FLOAT64, 3);
        same(layer.forward(x), F.batchNorm(x, rm, rv, Tensor.ones(dev.ember.DType.FLOAT64, 3), Tensor.zeros(dev.ember.DType.FLOAT64, 3), true, 0.1, 1e-5));
        same(layer.runningMean().value(), rm);
        same(layer.runningVar().value(), rv);
        assertEquals(1, layer.numBatchesTracked().value().item());
    }

    @Test
    void weightsPassedToTheFunctionalFormsReceiveTheGradient() {
        // a hypernetwork: one Linear makes the 4x3 weight and the 4 biases of the layer that reads x
        Generator gen = new Generator(4);
        Linear hyper = new Linear(2, 4 * 3 + 4, dev.ember.nn.init.Init.pytorchDefault(), dev.ember.nn.init.Init.pytorchBias(2), gen);
        Tensor z = Tensor.of(new float[] {0.5f, -1f}, 1, 2);
        Tensor made = hyper.forward(z).reshape(-1);
        Tensor w = made.narrow(0, 0, 12).reshape(4, 3);
        Tensor b = made.narrow(0, 12, 4);
        Tensor x = Tensor.randn(5, 3);
        F.mseLoss(F.linear(x, w, b), Tensor.zeros(5, 4)).backward();
        assertNotNull(hyper.weight().value().grad());
        assertTrue(hyper.weight().value().grad().abs().sum().item() > 0);

        Tensor cw = Tensor.randn(dev.ember.DType.FLOAT64, 2, 3, 3, 3).requiresGrad(true);
        Tensor img = Tensor.randn(dev.ember.DType.FLOAT64, 1, 3, 6, 6);
        F.conv2d(img, cw, null, 1, 1).sum().backward();
        assertNotNull(cw.grad());
        Tensor kw = Tensor.randn(dev.ember.DType.FLOAT64, 2, 3, 3).requiresGrad(true);
        F.conv1d(Tensor.randn(dev.ember.DType.FLOAT64, 1, 3, 6), kw, null).sum().backward();
        assertNotNull(kw.grad());
    }

    @Test
    void dropoutFunctionIsTheLayersComputation() {
        Tensor x = Tensor.ones(1000);
        assertSame(x, F.dropout(x, 0.5, false));
        Tensor a = F.dropout(x, 0.3, true, new Generator(9));
        Dropout layer = new Dropout(0.3, new Generator(9));
        same(a, layer.forward(x));
        long zeros = java.util.Arrays.stream(a.toDoubleArray()).filter(v -> v == 0).count();
        assertTrue(zeros > 230 && zeros < 370, "about 30% dropped, got " + zeros);
        assertEquals(1 / 0.7, java.util.Arrays.stream(a.toDoubleArray()).filter(v -> v != 0).findFirst().orElseThrow(), 1e-6);
    }

    @Test
    void embeddingBagLayerIsTheFunctionalForm() {
        EmbeddingBag bag = new EmbeddingBag(10, 3, EmbeddingBagMode.SUM);
        assertEquals(Set.of("weight"), bag.stateDict().keySet());
        String c = "embeddingBag sum offsets";
        bag.loadStateDict(Map.of("weight", input(c, "w").to(dev.ember.DType.FLOAT32)));
        bag.to(dev.ember.DType.FLOAT64);
        assertArrayEquals(TORCH.get(c).out(), bag.forward(input(c, "i"), input(c, "o")).toDoubleArray(), 1e-6);   // float32 round trip
        same(TORCH.get("embeddingBag mean 2d").out(),
                F.embeddingBag(input("embeddingBag mean 2d", "i"), input("embeddingBag mean 2d", "w"), null));
    }

    @Test
    void lossClassesAreTheFunctionalFormsWithPyTorchsDefaults() {
        Tensor x = Tensor.randn(dev.ember.DType.FLOAT64, 4, 5);
        Tensor y = Tensor.randn(dev.ember.DType.FLOAT64, 4, 5);
        Tensor signs = y.sign();
        Tensor labels = Tensor.of(new long[] {0, 4, 2, 1}, 4);
        same(F.smoothL1Loss(x, y, Reduction.MEAN, 1.0), new SmoothL1Loss().apply(x, y));
        same(F.huberLoss(x, y), new SmoothL1Loss().apply(x, y));   // beta 1: Huber with delta 1
        same(F.softMarginLoss(x, signs), new SoftMarginLoss().apply(x, signs));
        same(F.multiMarginLoss(x, labels), new MultiMarginLoss().apply(x, labels));
        same(F.multilabelSoftMarginLoss(x, signs.clampMin(0)), new MultiLabelSoftMarginLoss().apply(x, signs.clampMin(0)));
        same(F.poissonNllLoss(x, y.abs()), new PoissonNLLLoss().apply(x, y.abs()));
        same(F.gaussianNllLoss(x, y, y.abs()), new GaussianNLLLoss().apply(x, y, y.abs()));
        Tensor row = signs.select(1, 0);
        same(F.marginRankingLoss(x, y, signs), new MarginRankingLoss().apply(x, y, signs));
        same(F.cosineEmbeddingLoss(x, y, row), new CosineEmbeddingLoss().apply(x, y, row));
        same(F.tripletMarginLoss(x, y, y.neg()), new TripletMarginLoss().apply(x, y, y.neg()));
        same(F.cosineSimilarity(x, y), new CosineSimilarity().forward(x, y));
        same(F.pairwiseDistance(x, y), new PairwiseDistance().forward(x, y));
        String c = "ctc padded mean";
        Tensor lp = input(c, "x").logSoftmax(2);
        same(TORCH.get(c).out(), new CTCLoss().apply(lp, input(c, "t"), input(c, "il"), input(c, "tl")));
        same(F.lpPool1d(x.reshape(1, 4, 5), 2, 2, 2), new LpPool1d(2, 2).forward(x.reshape(1, 4, 5)));

        // the existing losses through F
        Tensor probs = x.sigmoid();
        Tensor bits = signs.clampMin(0);
        same(new dev.ember.nn.loss.MSELoss().apply(x, y), F.mseLoss(x, y));
        same(new dev.ember.nn.loss.L1Loss().apply(x, y), F.l1Loss(x, y));
        same(new dev.ember.nn.loss.BCELoss().apply(probs, bits), F.binaryCrossEntropy(probs, bits));
        same(new dev.ember.nn.loss.BCEWithLogitsLoss().apply(x, bits), F.binaryCrossEntropyWithLogits(x, bits));
        same(new dev.ember.nn.loss.CrossEntropyLoss().apply(x, labels), F.crossEntropy(x, labels));
        same(new dev.ember.nn.loss.NLLLoss().apply(x.logSoftmax(1), labels), F.nllLoss(x.logSoftmax(1), labels));
        same(new dev.ember.nn.loss.KLDivLoss().apply(x.logSoftmax(1), y.softmax(1)), F.klDiv(x.logSoftmax(1), y.softmax(1)));
        same(new dev.ember.nn.loss.HingeLoss().apply(x, signs), F.hingeLoss(x, signs, 1.0, Reduction.MEAN));
    }

    @Test
    void ctcWithoutAnAlignmentIsInfiniteAsInPyTorch() {
        // 3 repeated labels need 5 frames (a blank between repeats); 4 frames leave no alignment
        Tensor lp = Tensor.randn(dev.ember.DType.FLOAT64, 4, 1, 3).logSoftmax(2);
        Tensor t = Tensor.of(new long[] {1, 1, 1}, 1, 3);
        assertEquals(Double.POSITIVE_INFINITY, F.ctcLoss(lp, t, new int[] {4}, new int[] {3}, 0, Reduction.SUM, false).item());
        assertEquals(0, F.ctcLoss(lp, t, new int[] {4}, new int[] {3}, 0, Reduction.SUM, true).item());
    }

    @Test
    void wrongShapesNameTheFunctionAndTheShapes() {
        Tensor x = Tensor.randn(2, 3);
        assertMessage(() -> F.linear(x, Tensor.randn(4, 5), null), "linear", "[2, 3]", "[4, 5]");
        assertMessage(() -> F.conv2d(Tensor.randn(1, 2, 5, 5), Tensor.randn(4, 3, 3, 3), null), "conv2d", "[N, 3, H, W]", "[1, 2, 5, 5]");
        assertMessage(() -> F.batchNorm(Tensor.randn(4, 3), null, null, Tensor.ones(2), null, true, 0.1, 1e-5), "batchNorm", "weight", "[3]");
        assertMessage(() -> F.groupNorm(Tensor.randn(2, 6, 4), 4, null, null), "groupNorm", "divisible by 4", "[2, 6, 4]");
        assertMessage(() -> F.adaptiveAvgPool2d(Tensor.randn(2, 3, 4), 2), "adaptiveAvgPool2d", "[N, C, H, W]", "[2, 3, 4]");
        assertMessage(() -> F.smoothL1Loss(x, Tensor.randn(3, 2)), "smoothL1Loss", "[2, 3]", "[3, 2]");
        assertMessage(() -> F.tripletMarginLoss(x, x, Tensor.randn(3)), "tripletMarginLoss", "[2, 3]", "[3]");
        assertMessage(() -> F.gaussianNllLoss(x, x, Tensor.ones(3)), "gaussianNllLoss", "var [3]", "[2, 3]");
        assertMessage(() -> F.multiMarginLoss(x, Tensor.of(new long[] {0, 3}, 2)), "multiMarginLoss", "class 3", "[0, 3)");
        assertMessage(() -> F.embeddingBag(Tensor.of(new long[] {1, 2}, 2), Tensor.randn(5, 2), null), "embeddingBag", "[bags, length]", "[2]");
        assertMessage(() -> F.ctcLoss(Tensor.randn(5, 2, 4), Tensor.of(new long[] {1, 0}, 1, 2), new int[] {5, 5}, new int[] {1, 1}),
                "ctcLoss", "targets", "[2, S]");
        assertMessage(() -> F.ctcLoss(Tensor.randn(5, 1, 4), Tensor.of(new long[] {1, 0}, 1, 2), new int[] {5}, new int[] {2}),
                "ctcLoss", "label 0", "blank 0");
        assertMessage(() -> F.cosineSimilarity(x, Tensor.randn(3, 3)), "cosineSimilarity", "[2, 3]", "[3, 3]");
        assertMessage(() -> new GroupNorm(2, 6).forward(Tensor.randn(2, 4, 3)), "GroupNorm", "[N, 6, ...]", "[2, 4, 3]");
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String p : parts) assertTrue(e.getMessage().contains(p), "'" + e.getMessage() + "' should name " + p);
    }

}
