package dev.ember.tests;

import dev.ember.Autograd;
import dev.ember.CustomFunction;
import dev.ember.DType;
import dev.ember.Device;
import dev.ember.GradCheck;
import dev.ember.Generator;
import dev.ember.MemoryScope;
import dev.ember.Tensor;
import dev.ember.backend.Backends;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A user's function with its own backward (PyTorch's torch.autograd.Function) against GradCheck and autodiff. */
class CustomFunctionTest {

    /** swish x sigmoid(x); the backward recomputes s from the saved input, so it can be differentiated again. */
    private static final CustomFunction SWISH = CustomFunction.of("swish",
            (ctx, in) -> {
                ctx.saveForBackward(in[0]);
                return in[0].mul(in[0].sigmoid());
            },
            (ctx, grad) -> {
                Tensor x = ctx.saved(0);
                Tensor s = x.sigmoid();
                return new Tensor[] {grad.mul(s.mul(x.mul(s.rsub(1)).add(1)))};   // s (1 + x (1 - s))
            });

    /** The same swish with the product rule forgotten: d/dx = s. */
    private static final CustomFunction BROKEN_SWISH = CustomFunction.of("brokenSwish",
            (ctx, in) -> {
                Tensor s = in[0].sigmoid();
                ctx.saveForBackward(s);
                return in[0].mul(s);
            },
            (ctx, grad) -> new Tensor[] {grad.mul(ctx.saved(0))});

    private static Tensor input(long seed, int... shape) { return new Generator(seed).randn(DType.FLOAT64, shape); }

    // ---------------------------------------------------------------- gradients

    @Test
    void aCorrectBackwardPassesGradCheckAndMatchesAutodiff() {
        Tensor x = input(1, 3, 5);
        assertTrue(GradCheck.check(in -> SWISH.apply(in[0]), x).passed());

        Tensor a = x.copy().requiresGrad(true);
        Tensor y = SWISH.apply(a);
        assertEquals("swish", y.gradFnName());
        assertArrayEquals(x.silu().toDoubleArray(), y.toDoubleArray(), 1e-15);
        Tensor r = input(2, 3, 5);
        y.mul(r).sum().backward();
        Tensor b = x.copy().requiresGrad(true);
        b.silu().mul(r).sum().backward();
        assertArrayEquals(b.grad().toDoubleArray(), a.grad().toDoubleArray(), 1e-14);
    }

    @Test
    void aWrongBackwardIsCaughtByGradCheck() {
        GradCheck.Result r = GradCheck.check(in -> BROKEN_SWISH.apply(in[0]), input(3, 4, 4));
        assertFalse(r.passed(), "the forgotten product rule went unnoticed: " + r);
        assertTrue(r.maxError() > 0.05, r.toString());
    }

    @Test
    void severalInputsAndANonTensorArgumentFromTheClosure() {
        double scale = 2.5;   // f(a, b) = scale a b^2, with an int64 index input that has no gradient
        CustomFunction f = CustomFunction.of("scaledMul",
                (ctx, in) -> {
                    ctx.saveForBackward(in[0], in[1]);
                    return in[0].mul(in[1].pow(2.0)).mul(scale).add(in[2].to(DType.FLOAT64));
                },
                (ctx, grad) -> {
                    Tensor a = ctx.saved(0), b = ctx.saved(1);
                    return new Tensor[] {
                        ctx.needsInputGrad(0) ? grad.mul(b.pow(2.0)).mul(scale) : null,
                        ctx.needsInputGrad(1) ? grad.mul(a).mul(b).mul(2 * scale) : null,
                        null};
                });
        Tensor index = Tensor.of(new long[] {0, 1, 2, 3}, 2, 2);
        GradCheck.Result r = GradCheck.check(in -> f.apply(in[0], in[1], in[2]), input(4, 2, 2), input(5, 2, 2), index);
        assertTrue(r.passed(), r.toString());
        assertTrue(GradCheck.checkSecondOrder(in -> f.apply(in[0], in[1], in[2]), input(4, 2, 2), input(5, 2, 2),
                index).passed());

        // a constant input gets no gradient and is not asked for one
        Tensor a = input(4, 2, 2).requiresGrad(true);
        Tensor b = input(5, 2, 2);
        f.apply(a, b, index).sum().backward();
        assertArrayEquals(b.pow(2.0).mul(scale).toDoubleArray(), a.grad().toDoubleArray(), 1e-14);
        assertNull(b.grad());
    }

    @Test
    void aStraightThroughEstimatorLeavesItsInputALeaf() {
        Tensor[] savedInBackward = new Tensor[1];
        CustomFunction identity = CustomFunction.of("identitySte",
                (ctx, in) -> {
                    ctx.saveForBackward(in[0]);
                    return in[0];
                },
                (ctx, grad) -> {
                    savedInBackward[0] = ctx.saved(0);
                    return new Tensor[] {grad};
                });
        CustomFunction roundSte = CustomFunction.of("roundSte", (ctx, in) -> in[0].round(), (ctx, grad) -> new Tensor[] {grad});
        Tensor x = Tensor.of(new double[] {0.4, 1.6, -2.2}).requiresGrad(true);
        Tensor same = identity.apply(x);
        assertNotSame(x, same);
        assertTrue(x.isLeaf(), "the input was given the function's node");
        assertEquals("identitySte", same.gradFnName());
        same.sum().backward();
        assertSame(x, savedInBackward[0], "a saved input was swapped for the output");
        x.zeroGrad();
        Tensor rounded = roundSte.apply(x);
        assertArrayEquals(new double[] {0, 2, -2}, rounded.toDoubleArray(), 0);
        rounded.mul(Tensor.of(new double[] {1, 2, 3})).sum().backward();
        assertArrayEquals(new double[] {1, 2, 3}, x.grad().toDoubleArray(), 0);
    }

    @Test
    void aCapturedConstantReturnedByTheForwardKeepsNoNode() {
        Tensor constant = Tensor.of(new double[] {1, 2, 3});
        CustomFunction f = CustomFunction.of("constantOut", (ctx, in) -> constant, (ctx, grad) -> new Tensor[] {grad.mul(0.0)});
        Tensor x = Tensor.of(new double[] {0.5, 0.5, 0.5}).requiresGrad(true);
        Tensor y = f.apply(x);
        assertTrue(constant.isLeaf(), "the captured constant was given the function's node");
        assertEquals("constantOut", y.gradFnName());
        y.sum().backward();
        assertArrayEquals(new double[] {0, 0, 0}, x.grad().toDoubleArray(), 0);
    }

    // ---------------------------------------------------------------- second order

    @Test
    void secondOrderGradientsGoThroughARecordedBackward() {
        Tensor x = input(6, 2, 3);
        assertTrue(GradCheck.checkSecondOrder(in -> SWISH.apply(in[0]), x).passed());

        Tensor a = x.copy().requiresGrad(true);
        Tensor da = Autograd.grad(SWISH.apply(a).sum(), List.of(a), null, true, true).get(0);
        assertTrue(da.requiresGrad(), "createGraph gave an unrecorded gradient");
        Tensor d2a = Autograd.grad(da.sum(), List.of(a)).get(0);
        Tensor b = x.copy().requiresGrad(true);
        Tensor db = Autograd.grad(b.silu().sum(), List.of(b), null, true, true).get(0);
        Tensor d2b = Autograd.grad(db.sum(), List.of(b)).get(0);
        assertArrayEquals(d2b.toDoubleArray(), d2a.toDoubleArray(), 1e-14);
    }

    @Test
    void theSavedOutputCarriesTheSecondDerivative() {
        // exp saves its output; in the backward grad * y is differentiated through y's own node again
        CustomFunction exp = CustomFunction.of("exp",
                (ctx, in) -> {
                    Tensor y = in[0].exp();
                    ctx.saveForBackward(y);
                    return y;
                },
                (ctx, grad) -> new Tensor[] {grad.mul(ctx.saved(0))});
        Tensor x = input(7, 4);
        assertTrue(GradCheck.check(in -> exp.apply(in[0]), x).passed());
        assertTrue(GradCheck.checkSecondOrder(in -> exp.apply(in[0]), x).passed());
    }

    @Test
    void aTensorComputedInTheForwardIsAConstantToTheSecondDerivative() {
        // BROKEN_SWISH saves s from the forward: documented, as in PyTorch; the first derivative of this one is right
        CustomFunction savedS = CustomFunction.of("swishSavingS",
                (ctx, in) -> {
                    Tensor s = in[0].sigmoid();
                    ctx.saveForBackward(in[0], s);
                    return in[0].mul(s);
                },
                (ctx, grad) -> {
                    Tensor x = ctx.saved(0), s = ctx.saved(1);
                    return new Tensor[] {grad.mul(s.mul(x.mul(s.rsub(1)).add(1)))};
                });
        Tensor x = input(8, 5);
        assertTrue(GradCheck.check(in -> savedS.apply(in[0]), x).passed());
        assertFalse(GradCheck.checkSecondOrder(in -> savedS.apply(in[0]), x).passed());
    }

    // ---------------------------------------------------------------- what is and is not recorded

    @Test
    void theForwardIsNotRecorded() {
        Tensor[] inside = new Tensor[1];
        boolean[] gradEnabled = new boolean[1];
        CustomFunction square = CustomFunction.of("square",
                (ctx, in) -> {
                    gradEnabled[0] = Autograd.isGradEnabled();
                    inside[0] = in[0].mul(in[0]);
                    ctx.saveForBackward(in[0]);
                    return inside[0].mul(1.0);
                },
                (ctx, grad) -> new Tensor[] {grad.mul(ctx.saved(0)).mul(2.0)});
        Tensor x = Tensor.of(new double[] {1, -3}).requiresGrad(true);
        Tensor y = square.apply(x);
        assertFalse(gradEnabled[0]);
        assertFalse(inside[0].requiresGrad());
        assertNull(inside[0].gradFnName());
        assertEquals("square", y.gradFnName());   // one node, the function's, not 'mul'
        y.sum().backward();
        assertArrayEquals(new double[] {2, -6}, x.grad().toDoubleArray(), 0);
        assertTrue(Autograd.isGradEnabled(), "the forward's noGrad leaked out of apply");
    }

    @Test
    void noGradAndInputsWithoutGradRecordNothing() {
        AtomicInteger backwards = new AtomicInteger();
        CustomFunction twice = CustomFunction.of("twice", (ctx, in) -> in[0].mul(2.0), (ctx, grad) -> {
            backwards.incrementAndGet();
            return new Tensor[] {grad.mul(2.0)};
        });
        Tensor x = Tensor.of(new double[] {1, 2}).requiresGrad(true);
        Tensor y;
        try (var s = Autograd.noGrad()) {
            y = twice.apply(x);
        }
        assertArrayEquals(new double[] {2, 4}, y.toDoubleArray(), 0);
        assertFalse(y.requiresGrad());
        assertNull(y.gradFnName());
        assertThrows(IllegalStateException.class, () -> y.sum().backward());

        Tensor z = twice.apply(Tensor.of(new double[] {1, 2}));
        assertFalse(z.requiresGrad());
        assertNull(z.gradFnName());
        assertEquals(0, backwards.get());
    }

    // ---------------------------------------------------------------- memory

    @Test
    void savedTensorsGoWithTheirScope() {
        CustomFunction savingS = BROKEN_SWISH;   // saves a tensor it made: the scope owns it
        Tensor w = input(9, 64).requiresGrad(true);
        long before = MemoryScope.liveBytes();
        for (int step = 0; step < 50; step++) {
            try (MemoryScope scope = MemoryScope.open()) {
                SWISH.apply(savingS.apply(w)).sum().backward();
                w.grad().close();
                w.zeroGrad();
            }
        }
        assertEquals(before, MemoryScope.liveBytes(), "bytes the custom functions' graphs left behind");

        Tensor y;
        try (MemoryScope scope = MemoryScope.open()) {
            y = scope.keep(savingS.apply(w).sum());   // the graph outlives the scope, its saved s does not
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("brokenSwish") && e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void anInPlaceChangeOfASavedInputIsRefusedNamingTheFunction() {
        Tensor x = input(10, 3).requiresGrad(true);
        Tensor h = x.mul(1.0);
        Tensor y = SWISH.apply(h).sum();
        h.mulInPlace(2.0);
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("'swish'") && e.getMessage().contains("in-place"), e.getMessage());
    }

    // ---------------------------------------------------------------- errors name the function

    @Test
    void aWrongNumberOfGradientsIsNamed() {
        CustomFunction f = CustomFunction.of("product", (ctx, in) -> in[0].mul(in[1]),
                (ctx, grad) -> new Tensor[] {grad});
        Tensor a = input(11, 3).requiresGrad(true);
        Tensor b = input(12, 3).requiresGrad(true);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> f.apply(a, b).sum().backward());
        assertTrue(e.getMessage().startsWith("product: backward returned 1 gradient for 2 inputs"), e.getMessage());

        CustomFunction none = CustomFunction.of("none", (ctx, in) -> in[0].mul(2.0), (ctx, grad) -> null);
        e = assertThrows(IllegalStateException.class, () -> none.apply(a).sum().backward());
        assertTrue(e.getMessage().startsWith("none: backward returned null for 1 input"), e.getMessage());
    }

    @Test
    void aGradientOfTheWrongShapeDtypeOrDeviceIsNamed() {
        Tensor x = input(13, 2, 3).requiresGrad(true);
        CustomFunction badShape = CustomFunction.of("badShape", (ctx, in) -> in[0].sum(1),
                (ctx, grad) -> new Tensor[] {grad});   // forgot to expand back to [2, 3]
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> badShape.apply(x).sum().backward());
        assertTrue(e.getMessage().contains("badShape") && e.getMessage().contains("[2]")
                && e.getMessage().contains("[2, 3]"), e.getMessage());

        CustomFunction badDtype = CustomFunction.of("badDtype", (ctx, in) -> in[0].mul(2.0),
                (ctx, grad) -> new Tensor[] {grad.mul(2.0).to(DType.FLOAT32)});
        e = assertThrows(IllegalStateException.class, () -> badDtype.apply(x).sum().backward());
        assertTrue(e.getMessage().contains("badDtype") && e.getMessage().contains("float32")
                && e.getMessage().contains("float64"), e.getMessage());
        assertNull(x.grad(), "a failed backward changed the leaf's gradient");
    }

    @Test
    void aGradientOnAnotherDeviceIsNamed() {
        assumeTrue(Backends.available(Device.cuda(0)), "needs a GPU");
        CustomFunction elsewhere = CustomFunction.of("elsewhere", (ctx, in) -> in[0].mul(2.0),
                (ctx, grad) -> new Tensor[] {grad.mul(2.0).to(Device.cuda(0))});
        Tensor x = input(15, 3).requiresGrad(true);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> elsewhere.apply(x).sum().backward());
        assertTrue(e.getMessage().contains("elsewhere") && e.getMessage().contains("cuda:0"), e.getMessage());
    }

    @Test
    void aForwardReturningNullOrANullInputIsRefused() {
        CustomFunction nothing = CustomFunction.of("nothing", (ctx, in) -> null, (ctx, grad) -> new Tensor[] {grad});
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> nothing.apply(Tensor.ones(2)));
        assertTrue(e.getMessage().contains("nothing"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SWISH.apply((Tensor) null));
    }

    @Test
    void aSubclassIsNamedAfterItsClass() {
        class Cube extends CustomFunction {
            @Override
            protected Tensor forward(Context ctx, Tensor... in) {
                ctx.saveForBackward(in[0]);
                return in[0].pow(3.0);
            }

            @Override
            protected Tensor[] backward(Context ctx, Tensor grad) {
                Tensor x = ctx.saved(0);
                return new Tensor[] {grad.mul(x.mul(x)).mul(3.0)};
            }
        }
        Tensor x = input(14, 4);
        assertEquals("Cube", new Cube().apply(x.requiresGrad(true)).gradFnName());
        assertTrue(GradCheck.checkSecondOrder(in -> new Cube().apply(in[0]), input(14, 4)).passed());
    }
}
