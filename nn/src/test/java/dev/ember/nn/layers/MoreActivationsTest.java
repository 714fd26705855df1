package dev.ember.nn.layers;

import dev.ember.DType;
import dev.ember.Generator;
import dev.ember.Tensor;
import dev.ember.nn.Module;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.ember.nn.layers.ConvTest.assertClose;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The activation layers of issue 15 (GELU, SiLU, Mish, Hardtanh, Hardsigmoid, Hardswish, Softsign, ReLU6, SELU,
 * CELU, GLU, Softmin, LogSigmoid): values and derivatives from PyTorch 1.13 on {@code x = [-3, -1.5, -0.5, 0, 0.25,
 * 1, 2.5]} (float64, one element at a time: its scalar kernels; Hardsigmoid's derivative as the exact 1/6, where
 * PyTorch multiplies by 1/6 rounded to float32), the kinks included.
 */
class MoreActivationsTest {
    private static final double[] XS = {-3, -1.5, -0.5, 0, 0.25, 1, 2.5};

    private static void check(Module layer, double[] values, double[] derivatives) {
        Tensor x = Tensor.of(XS, XS.length).requiresGrad(true);
        Tensor y = layer.forward(x);
        assertClose(values, y, 1e-12);
        y.sum().backward();
        assertClose(derivatives, x.grad(), 1e-12);
    }

    @Test
    void valuesAndDerivativesMatchPyTorch() {
        check(new GELU(), new double[] {-0.00404969409489031, -0.10021080190328704, -0.15426876936299344, 0.0, 0.14967658142073093, 0.841344746068543, 2.4844758366855597},
                new double[] {-0.01194564720418392, -0.1274691922299796, 0.13250487534383712, 0.5, 0.695373354883636, 1.0833154705876864, 1.037611085908145});
        check(new GELU("tanh"), new double[] {-0.0036373920817729943, -0.10042842301976707, -0.15428599017485606, 0.0, 0.149675350701685, 0.8411919906082768, 2.484915733910001},
                new double[] {-0.011584166630969648, -0.12771079315143308, 0.13263009646535764, 0.5, 0.6953540951510604, 1.0829640838457826, 1.037951576212666});
        check(new SiLU(), new double[] {-0.14227761953270035, -0.2736382857095345, -0.1887703343990727, 0.0, 0.14054412522144952, 0.7310585786300049, 2.3103545499468914},
                new double[] {-0.08810410601516962, -0.041294154299142946, 0.2600388126973482, 0.5, 0.6237100215701977, 0.9276705118714869, 1.0994011113415267});
        check(new Mish(), new double[] {-0.1456474612756246, -0.29809974216680674, -0.22074377465173, 0.0, 0.1695724096638176, 0.8650983882673103, 2.471392304557881},
                new double[] {-0.09339311453232084, -0.06409781589225869, 0.28951067791351226, 0.6, 0.7541726677205928, 1.0490362200997922, 1.041129530131353});
        check(new Hardtanh(), new double[] {-1.0, -1.0, -0.5, 0.0, 0.25, 1.0, 1.0},
                new double[] {0.0, 0.0, 1.0, 1.0, 1.0, 0.0, 0.0});
        check(new Hardtanh(-0.5, 2), new double[] {-0.5, -0.5, -0.5, 0.0, 0.25, 1.0, 2.0},
                new double[] {0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 0.0});
        check(new Hardsigmoid(), new double[] {0.0, 0.25, 0.4166666666666667, 0.5, 0.5416666666666666, 0.6666666666666666, 0.9166666666666666},
                new double[] {0, 0.16666666666666666, 0.16666666666666666, 0.16666666666666666, 0.16666666666666666, 0.16666666666666666, 0.16666666666666666});
        check(new Hardswish(), new double[] {-0.0, -0.375, -0.20833333333333334, 0.0, 0.13541666666666666, 0.6666666666666666, 2.2916666666666665},
                new double[] {-0.5, 0.0, 0.33333333333333337, 0.5, 0.5833333333333334, 0.8333333333333333, 1.3333333333333335});
        check(new Softsign(), new double[] {-0.75, -0.6, -0.3333333333333333, 0.0, 0.2, 0.5, 0.7142857142857143},
                new double[] {0.0625, 0.16000000000000003, 0.4444444444444444, 1.0, 0.64, 0.25, 0.08163265306122447});
        check(new ReLU6(), new double[] {0.0, 0.0, 0.0, 0.0, 0.25, 1.0, 2.5},
                new double[] {0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0});
        check(new SELU(), new double[] {-1.6705687287671118, -1.3658143533672527, -0.6917581878028713, 0.0, 0.2626752468388701, 1.0507009873554805, 2.626752468388701},
                new double[] {0.08753061208026487, 0.392284987480124, 1.0663411530445053, 1.7580993408473766, 1.0507009873554805, 1.0507009873554805, 1.0507009873554805});
        check(new CELU(), new double[] {-0.950212931632136, -0.7768698398515702, -0.3934693402873666, 0.0, 0.25, 1.0, 2.5},
                new double[] {0.049787068367863944, 0.22313016014842982, 0.6065306597126334, 1.0, 1.0, 1.0, 1.0});
        check(new CELU(0.5), new double[] {-0.4987606239116668, -0.475106465816068, -0.31606027941427883, 0.0, 0.25, 1.0, 2.5},
                new double[] {0.0024787521766663585, 0.049787068367863944, 0.36787944117144233, 1.0, 1.0, 1.0, 1.0});
        check(new LogSigmoid(), new double[] {-3.048587351573742, -1.7014132779827524, -0.9740769841801067, -0.6931471805599453, -0.5759394198788436, -0.31326168751822286, -0.07888973429254963},
                new double[] {0.9525741268224333, 0.8175744761936437, 0.6224593312018545, 0.5, 0.4378234991142019, 0.2689414213699951, 0.07585818002124356});

    }

    @Test
    void gluAndSoftminActAlongTheirDim() {
        Tensor z = Tensor.of(new double[][] {{1, 2, 3, -4}, {-1, 0, 1000, 0.5}});
        // nn.GLU()(z), nn.GLU(0)(z), nn.Softmin(1)(z), nn.Softmin(0)(z)
        assertClose(new double[] {0.9525741268224334, 0.03597241992418312, -1.0, 0.0}, new GLU().forward(z), 1e-12);
        assertClose(new double[] {0.2689414213699951, 1.0, 3.0, -2.4898373248074184}, new GLU(0).forward(z), 1e-12);
        assertClose(new double[] {0.0066703854587230015, 0.002453897674953133, 0.0009027385053536601, 0.9899729783609702,
                0.6285317192117624, 0.23122389762214907, 0.0, 0.14024438316608848}, new Softmin(1).forward(z), 1e-12);
        assertClose(new double[] {0.11920292202211755, 0.11920292202211755, 1.0, 0.9890130573694068, 0.8807970779778823,
                0.8807970779778823, 0.0, 0.01098694263059318}, new Softmin(0).forward(z), 1e-12);
    }

    @Test
    void gradientsMatchFiniteDifferencesAwayFromTheKinks() {
        Tensor x = new Generator(8).randn(DType.FLOAT64, 4, 6).mul(2.0);
        Tensor away = x;
        for (double kink : new double[] {-3, -1, 0, 1, 3, 6}) away = Tensor.where(away.sub(kink).abs().lt(0.05), away.add(0.1), away);
        for (Module m : List.of(new GELU(), new GELU("tanh"), new SiLU(), new Mish(), new Hardtanh(), new Hardsigmoid(),
                new Hardswish(), new Softsign(), new ReLU6(), new SELU(), new CELU(), new CELU(2), new LogSigmoid(),
                new GLU(), new GLU(0), new Softmin(1), new Softmin(0))) {
            LayerGradCheck.check(m, away);
        }
    }

    @Test
    void hyperparametersAreCheckedAndDescribed() {
        assertEquals("GELU(approximate=tanh)", new GELU("tanh").toString());
        assertEquals("Hardtanh(minVal=-1.0, maxVal=1.0)", new Hardtanh().toString());
        assertEquals("CELU(alpha=0.5)", new CELU(0.5).toString());
        assertEquals("GLU(dim=-1)", new GLU().toString());
        assertEquals("Softmin(dim=1)", new Softmin(1).toString());
        assertEquals("GELU: approximate must be \"none\" or \"tanh\", got \"exact\"",
                assertThrows(IllegalArgumentException.class, () -> new GELU("exact")).getMessage());
        assertEquals("Hardtanh: minVal must be less than maxVal, got 1.0 and 1.0",
                assertThrows(IllegalArgumentException.class, () -> new Hardtanh(1, 1)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new CELU(0)).getMessage().startsWith("CELU: alpha"));
        assertEquals("GLU(dim=-3): expected input with at least 3 dims, got [4, 2]",
                assertThrows(IllegalArgumentException.class, () -> new GLU(-3).forward(Tensor.zeros(4, 2))).getMessage());
        assertEquals("Softmin(dim=1): expected input with at least 2 dims, got [4]",
                assertThrows(IllegalArgumentException.class, () -> new Softmin(1).forward(Tensor.zeros(4))).getMessage());
    }
}
