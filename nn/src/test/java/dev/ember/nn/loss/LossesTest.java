package dev.ember.nn.loss;

import dev.ember.DType;
import dev.ember.GradCheck;
import dev.ember.Tensor;
import org.junit.jupiter.api.Test;

import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every loss against PyTorch 1.13 ({@code import torch.nn.functional as F}, float64 inputs as below), its
 * gradient against finite differences, and its stability at extreme logits.
 */
class LossesTest {
    // p, t: the regression pair; y: ±1 labels; prob, by: BCE probabilities and 0/1 labels
    static Tensor p() { return Tensor.of(new double[][] {{0.5, -1.2, 2.0}, {3.0, 0.1, -0.7}}); }
    static Tensor t() { return Tensor.of(new double[][] {{0.2, 0.3, -1.0}, {1.0, 0.0, -0.5}}); }
    static Tensor y() { return Tensor.of(new double[][] {{1, -1, 1}, {-1, 1, -1}}); }
    static Tensor prob() { return Tensor.of(new double[][] {{0.9, 0.2, 0.5}, {0.01, 0.7, 0.999}}); }
    static Tensor by() { return Tensor.of(new double[][] {{1, 0, 1}, {0, 1, 0}}); }
    static Tensor logits() { return Tensor.of(new double[][] {{1.0, 2.0, 0.5, -1.0}, {0.3, -0.2, 2.5, 0.0}, {-1.5, 0.7, 0.2, 1.1}}); }
    static Tensor classes() { return Tensor.of(new long[] {1, 2, 3}, 3); }
    static Tensor classWeights() { return Tensor.of(new double[] {1.0, 2.0, 0.5, 3.0}, 4); }
    static Tensor probTargets() { return Tensor.of(new double[][] {{0.1, 0.6, 0.2, 0.1}, {0, 0, 1, 0}, {0.25, 0.25, 0.25, 0.25}}); }

    static void close(double expected, Tensor actual) {
        assertEquals(0, actual.rank(), "a reduced loss is a scalar");
        assertEquals(expected, actual.item(), 1e-12 * Math.max(1, Math.abs(expected)));
    }

    static void close(double[] expected, Tensor actual) {
        double[] a = actual.toDoubleArray();
        assertEquals(expected.length, a.length);
        for (int i = 0; i < a.length; i++) assertEquals(expected[i], a[i], 1e-12 * Math.max(1, Math.abs(expected[i])), "element " + i);
    }

    static void gradOk(Function<Tensor[], Tensor> f, Tensor... inputs) {
        GradCheck.Result r = GradCheck.check(f, inputs);
        assertTrue(r.passed(), r.toString());
    }

    @Test
    void regressionLossesMatchPyTorch() {
        close(2.565, new MSELoss().apply(p(), t()));                                   // F.mse_loss(p, t)
        close(15.39, new MSELoss(Reduction.SUM).apply(p(), t()));                      // reduction='sum'
        close(new double[] {0.09, 2.25, 9.0, 4.0, 0.01, 0.04}, new MSELoss(Reduction.NONE).apply(p(), t()));
        close(1.1833333333333333, new L1Loss().apply(p(), t()));                       // F.l1_loss(p, t)
        close(0.8450000000000001, new HuberLoss().apply(p(), t()));                    // F.huber_loss(p, t, delta=1.0)
        close(new double[] {0.045, 0.625, 1.375, 0.875, 0.005, 0.02},                  // delta=0.5, reduction='none'
                new HuberLoss(0.5, Reduction.NONE).apply(p(), t()));
        close(0.9500000000000001, new HingeLoss().apply(p(), y()));                    // torch.clamp(1 - y * p, min=0).mean()
    }

    @Test
    void binaryCrossEntropyMatchesPyTorch() {
        close(1.3826886343843918, new BCELoss().apply(prob(), by()));                  // F.binary_cross_entropy(prob, by)
        close(new double[] {0.10536051565782628, 0.2231435513142097, 0.6931471805599453,
                0.01005033585350145, 0.35667494393873245, 6.907755278982136}, new BCELoss(Reduction.NONE).apply(prob(), by()));
        // probabilities 0 and 1 exactly: the log is clamped at -100
        close(new double[] {100, 100, 0, 0}, new BCELoss(Reduction.NONE).apply(
                Tensor.of(new double[] {0, 1, 0, 1}, 4), Tensor.of(new double[] {1, 0, 0, 1}, 4)));
        close(0.8267429205156468, new BCEWithLogitsLoss().apply(p(), by()));           // F.binary_cross_entropy_with_logits(p, by)
        close(0.894365366553858, new BCEWithLogitsLoss(Tensor.of(new double[] {2, 0.5, 3}, 3), Reduction.MEAN)
                .apply(p(), by()));                                                    // pos_weight=[2, 0.5, 3]
    }

    /**
     * PyTorch 1.13 refuses a prediction outside [0, 1], NaN and infinity included ("all elements of input should be
     * between 0 and 1"); the target is not checked. Before, 1.5 gave a loss from a clamped log of a negative number.
     */
    @Test
    void binaryCrossEntropyRefusesPredictionsOutsideZeroToOne() {
        Tensor target = Tensor.of(new double[] {1, 0, 1}, 3);
        for (double bad : new double[] {1.5, -0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
            Tensor p = Tensor.of(new double[] {0.5, bad, 0.2}, 3).requiresGrad(true);
            for (Reduction r : Reduction.values()) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BCELoss(r).apply(p, target));
                assertTrue(e.getMessage().contains("between 0 and 1") && e.getMessage().contains("[3]")
                        && e.getMessage().contains(String.valueOf(bad)), e.getMessage());
            }
        }
        close(0.6931471805599453, new BCELoss().apply(Tensor.of(new double[] {0.5}, 1), Tensor.of(new double[] {1.5}, 1)));
    }

    @Test
    void crossEntropyWithClassIndicesMatchesPyTorch() {
        close(0.4974589051592591, new CrossEntropyLoss().apply(logits(), classes()));  // F.cross_entropy(logits, cls)
        close(new double[] {0.49518189808585605, 0.2311860592525945, 0.7660087581393269},
                new CrossEntropyLoss(Reduction.NONE).apply(logits(), classes()));
        close(0.6305953281125914, new CrossEntropyLoss().apply(logits(), Tensor.of(new long[] {1, -100, 3}, 3)));
        close(0.6374589051592592, new CrossEntropyLoss(null, -100, 0.1, Reduction.MEAN).apply(logits(), classes()));
        // [N, C, d] = [2, 3, 2] with targets [2, 2]: F.cross_entropy(l3, c3)
        Tensor l3 = Tensor.of(new double[] {0.1, 0.2, 1.0, -1.0, 0.5, 0.3, 2.0, 0.0, -0.5, 0.4, 0.9, -1.2}, 2, 3, 2);
        Tensor c3 = Tensor.of(new int[] {0, 2, 1, 1}, 2, 2);
        close(1.4630037240027751, new CrossEntropyLoss().apply(l3, c3));
        close(1.2956209487876125, new CrossEntropyLoss(Tensor.of(new double[] {0.5, 1, 2}, 3)).apply(l3, c3));
        // unbatched: F.cross_entropy(tensor([1.0, 2.0, 0.5, -1.0]), tensor(2))
        close(1.995181898085856, new CrossEntropyLoss().apply(logits().select(0, 0), Tensor.scalar(DType.INT64, 2)));
    }

    @Test
    void classWeightsGiveThePyTorchWeightedMean() {
        close(0.6189060182210891, new CrossEntropyLoss(classWeights()).apply(logits(), classes()));   // weight=w
        close(3.4039831002159904, new CrossEntropyLoss(classWeights(), -100, 0, Reduction.SUM).apply(logits(), classes()));
        close(0.8533107114005583, new CrossEntropyLoss(classWeights(), -100, 0.2, Reduction.MEAN).apply(logits(), classes()));
        // the weighted mean is sum(w_y l) / sum(w_y), not the mean of w_y l
        Tensor perExample = new CrossEntropyLoss(classWeights(), -100, 0, Reduction.NONE).apply(logits(), classes());
        assertEquals(perExample.sum().item() / (2.0 + 0.5 + 3.0),
                new CrossEntropyLoss(classWeights()).apply(logits(), classes()).item(), 1e-12);
    }

    @Test
    void crossEntropyWithProbabilityTargetsMatchesPyTorch() {
        close(1.0557922384925924, new CrossEntropyLoss().apply(logits(), probTargets()));   // F.cross_entropy(logits, tp)
        close(1.6227370185929775, new CrossEntropyLoss(classWeights(), -100, 0.1, Reduction.MEAN)
                .apply(logits(), probTargets()));                                          // weight=w, label_smoothing=0.1
    }

    @Test
    void nllAndKlDivergenceMatchPyTorch() {
        Tensor lp = logits().logSoftmax(1);
        close(0.4974589051592591, new NLLLoss().apply(lp, classes()));                     // F.nll_loss(lp, cls)
        close(new double[] {0.9903637961717121, 0.11559302962629725, 2.298026274417981},
                new NLLLoss(classWeights(), -100, Reduction.NONE).apply(lp, classes()));   // weight=w, reduction='none'
        close(0.057681864917721946, new KLDivLoss().apply(lp, probTargets()));             // F.kl_div(lp, tq, reduction='mean')
        close(0.23072745967088779, new KLDivLoss(Reduction.BATCHMEAN).apply(lp, probTargets()));
        close(0.6921823790126633, new KLDivLoss(Reduction.SUM).apply(lp, probTargets()));
        Tensor logTarget = Tensor.of(new double[][] {{0.1, 0.6, 0.2, 0.1}, {0.3, 0.3, 0.2, 0.2}, {0.25, 0.25, 0.25, 0.25}}).log();
        close(0.43200784381448726, new KLDivLoss(Reduction.BATCHMEAN, true).apply(lp, logTarget));   // log_target=True
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        gradOk(in -> new MSELoss().apply(in[0], in[1]), p(), t());
        gradOk(in -> new L1Loss(Reduction.SUM).apply(in[0], in[1]), p(), t());
        gradOk(in -> new HuberLoss(0.5, Reduction.MEAN).apply(in[0], in[1]), p(), t());
        gradOk(in -> new HingeLoss().apply(in[0], in[1]), p(), y());
        gradOk(in -> new BCELoss().apply(in[0], in[1]), prob(), by());
        gradOk(in -> new BCEWithLogitsLoss(Tensor.of(new double[] {2, 0.5, 3}, 3), Reduction.SUM).apply(in[0], in[1]), p(), by());
        gradOk(in -> new CrossEntropyLoss(classWeights(), -100, 0.1, Reduction.MEAN).apply(in[0], in[1]), logits(), classes());
        gradOk(in -> new CrossEntropyLoss(classWeights(), -100, 0.1, Reduction.MEAN).apply(in[0], in[1]), logits(), probTargets());
        gradOk(in -> new NLLLoss(classWeights(), -100, Reduction.MEAN).apply(in[0], in[1]), logits().logSoftmax(1), classes());
        gradOk(in -> new KLDivLoss(Reduction.BATCHMEAN).apply(in[0], in[1]), logits().logSoftmax(1), probTargets().add(0.05));
    }

    @Test
    void extremeLogitsGiveFiniteLossesAndGradients() {
        // F.cross_entropy(ex, tensor([1, 1])) in float32: 10000.0, grad [[0.5, -0.5, 0], [0, 0, 0]]
        Tensor ex = Tensor.of(new float[][] {{1e4f, -1e4f, 0}, {-1e4f, 1e4f, 5}}).requiresGrad(true);
        Tensor ce = new CrossEntropyLoss().apply(ex, Tensor.of(new long[] {1, 1}, 2));
        ce.backward();
        assertEquals(10000.0, ce.item(), 1e-3);
        assertArrayEquals(new float[] {0.5f, -0.5f, 0, 0, 0, 0}, ex.grad().toFloatArray(), 1e-6f);

        // F.binary_cross_entropy_with_logits(ex, [[1, 1, 0], [0, 0, 1]]): 3333.4502, grad as below
        ex.zeroGrad();
        Tensor bce = new BCEWithLogitsLoss().apply(ex, Tensor.of(new float[][] {{1, 1, 0}, {0, 0, 1}}));
        bce.backward();
        assertEquals(3333.4501953125, bce.item(), 1e-3);
        assertArrayEquals(new float[] {0, -0.16666667f, 0.083333336f, 0, 0.16666667f, -0.0011154711f}, ex.grad().toFloatArray(), 1e-6f);

        for (Loss loss : new Loss[] {new KLDivLoss(Reduction.BATCHMEAN), new NLLLoss()}) {
            ex.zeroGrad();
            Tensor lp = ex.logSoftmax(1);
            Tensor value = loss instanceof NLLLoss ? loss.apply(lp, Tensor.of(new long[] {0, 2}, 2))
                    : loss.apply(lp, Tensor.of(new float[][] {{0.5f, 0.5f, 0}, {0, 0.5f, 0.5f}}));
            value.backward();
            assertTrue(Double.isFinite(value.item()), loss.getClass().getSimpleName() + " " + value);
            for (float g : ex.grad().toFloatArray()) assertTrue(Float.isFinite(g), loss.getClass().getSimpleName() + " gradient " + ex.grad());
        }

        // BCE on probabilities exactly 0 and 1: finite value and gradient
        Tensor pr = Tensor.of(new float[] {0, 1, 0.5f}, 3).requiresGrad(true);
        Tensor b = new BCELoss(Reduction.SUM).apply(pr, Tensor.of(new float[] {1, 0, 1}, 3));
        b.backward();
        assertEquals(200 + Math.log(2), b.item(), 1e-4);
        for (float g : pr.grad().toFloatArray()) assertTrue(Float.isFinite(g), "BCE gradient " + pr.grad());
    }

    @Test
    void badInputNamesTheLossAndTheShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MSELoss().apply(Tensor.zeros(2, 3), Tensor.zeros(2, 4)));
        assertEquals("MSELoss: prediction [2, 3] and target [2, 4] must have the same shape", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new CrossEntropyLoss().apply(Tensor.zeros(4, 10), Tensor.of(new long[] {1, 2, 3}, 3)));
        assertEquals("CrossEntropyLoss: input [4, 10] needs class indices of shape [4], got target [3]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new CrossEntropyLoss().apply(Tensor.zeros(4, 10), Tensor.zeros(4, 9)));
        assertTrue(e.getMessage().startsWith("CrossEntropyLoss: logits [4, 10] need class indices"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new CrossEntropyLoss().apply(Tensor.zeros(2, 3), Tensor.of(new long[] {0, 3}, 2)));
        assertTrue(e.getMessage().startsWith("CrossEntropyLoss: a target class index is outside [0, 3)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new CrossEntropyLoss(Tensor.ones(4)).apply(Tensor.zeros(2, 3), Tensor.of(new long[] {0, 1}, 2)));
        assertEquals("CrossEntropyLoss: class weights must be a floating tensor of shape [3], got float32 [4]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new NLLLoss().apply(Tensor.zeros(2, 3), Tensor.zeros(2)));
        assertEquals("NLLLoss: class-index targets must be int32 or int64, got float32 of shape [2]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new BCELoss().apply(Tensor.of(new int[] {1, 0}, 2), Tensor.zeros(2)));
        assertEquals("BCELoss: prediction must be a floating tensor, got int32 of shape [2]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new HuberLoss(0));
        assertThrows(IllegalArgumentException.class, () -> new CrossEntropyLoss(null, -100, 1.5, Reduction.MEAN));
    }
}
