package dev.ember.tests;

import dev.ember.Autograd;
import dev.ember.DType;
import dev.ember.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * Two hundred and more ways to call the tensor API wrongly, each of which must end in one clear exception at the call:
 * an {@link IllegalArgumentException}, {@link IllegalStateException} or {@link IndexOutOfBoundsException} (never a
 * silent result, a {@code NullPointerException}, an {@code ArithmeticException} or an array index from deep inside),
 * whose message names the op and the shapes involved, and after which every input still holds its values and works.
 * {@link ErrorHandlingTest} looks at a few of these closely; this suite is the breadth (issue 14's misuse cases).
 */
class MisuseSuiteTest {

    /** One misuse: fresh inputs, the wrong call, and what its message must contain (case-insensitive). */
    record Case(String name, Supplier<Tensor[]> inputs, Function<Tensor[], Object> call, String... mustMention) {}

    private static final List<Class<? extends RuntimeException>> CLEAR = List.of(IllegalArgumentException.class,
            IllegalStateException.class, IndexOutOfBoundsException.class);

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        binaryShapeMismatches(cases);
        inPlaceShapeMismatches(cases);
        reductionDims(cases);
        views(cases);
        linearAlgebra(cases);
        indexing(cases);
        convolutionAndPooling(cases);
        joining(cases);
        creation(cases);
        autograd(cases);
        closedTensors(cases);
        return cases;
    }

    @TestFactory
    List<DynamicTest> everyMisuseIsRefusedClearlyAndHarmsNothing() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : cases()) tests.add(dynamicTest(c.name(), () -> check(c)));
        return tests;
    }

    @Test
    void theSuiteHasAtLeastTwoHundredCases() {
        assertTrue(cases().size() >= 200, "only " + cases().size() + " misuse cases");
    }

    private static void check(Case c) {
        Tensor[] inputs = c.inputs().get();
        double[][] before = new double[inputs.length][];
        for (int i = 0; i < inputs.length; i++) before[i] = inputs[i].isClosed() ? null : inputs[i].toDoubleArray();
        Object result;
        try {
            result = c.call().apply(inputs);
        } catch (RuntimeException e) {
            assertTrue(CLEAR.stream().anyMatch(k -> k.isInstance(e)),
                    c.name() + ": " + e.getClass().getName() + " is not a clear refusal: " + e);
            String message = e.getMessage();
            assertTrue(message != null && !message.isBlank(), c.name() + ": exception without a message: " + e);
            String lower = message.toLowerCase(Locale.ROOT);
            for (String part : c.mustMention()) {
                assertTrue(lower.contains(part.toLowerCase(Locale.ROOT)),
                        c.name() + ": the message should mention '" + part + "' but is: " + message);
            }
            for (int i = 0; i < inputs.length; i++) {
                if (before[i] == null) continue;
                assertFalse(inputs[i].isClosed(), c.name() + ": input " + i + " was closed by the failed call");
                assertArrayEquals(before[i], inputs[i].toDoubleArray(), 0.0,
                        c.name() + ": input " + i + " changed although the call failed");
                inputs[i].add(inputs[i]).sum();   // still usable
            }
            return;
        }
        fail(c.name() + ": accepted, giving " + result);
    }

    // ---- inputs ----

    private static Tensor seq(int... shape) {
        int n = 1;
        for (int d : shape) n *= d;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = i + 1;
        return Tensor.of(v, shape).to(DType.FLOAT32);
    }

    private static Supplier<Tensor[]> of(int[]... shapes) {
        return () -> Arrays.stream(shapes).map(MisuseSuiteTest::seq).toArray(Tensor[]::new);
    }

    private static Supplier<Tensor[]> bools(int[]... shapes) {
        return () -> Arrays.stream(shapes).map(s -> seq(s).gt(2.0)).toArray(Tensor[]::new);
    }

    private static int[] s(int... shape) { return shape; }

    private static String str(int[] shape) { return Arrays.toString(shape); }

    // ---- the cases ----

    private static final int[][][] UNBROADCASTABLE = {
        {{2, 3}, {4, 5}}, {{3}, {4}}, {{2, 3, 4}, {2, 4, 3}}, {{5, 1}, {3, 2}}, {{0}, {2}},
    };

    private static void binaryShapeMismatches(List<Case> cases) {
        record Op(String name, BiFunction<Tensor, Tensor, Tensor> f, boolean logical) {}
        List<Op> ops = List.of(new Op("add", Tensor::add, false), new Op("sub", Tensor::sub, false),
                new Op("mul", Tensor::mul, false), new Op("div", Tensor::div, false), new Op("pow", Tensor::pow, false),
                new Op("maximum", Tensor::maximum, false), new Op("minimum", Tensor::minimum, false),
                new Op("eq", Tensor::eq, false), new Op("ne", Tensor::ne, false), new Op("lt", Tensor::lt, false),
                new Op("le", Tensor::le, false), new Op("gt", Tensor::gt, false), new Op("ge", Tensor::ge, false),
                new Op("logicalAnd", Tensor::logicalAnd, true), new Op("logicalOr", Tensor::logicalOr, true),
                new Op("logicalXor", Tensor::logicalXor, true));
        for (Op op : ops) {
            for (int[][] pair : UNBROADCASTABLE) {
                Supplier<Tensor[]> in = op.logical() ? bools(pair[0], pair[1]) : of(pair[0], pair[1]);
                cases.add(new Case(op.name() + " " + str(pair[0]) + " with " + str(pair[1]), in,
                        t -> op.f().apply(t[0], t[1]), str(pair[0]), str(pair[1])));
            }
        }
        cases.add(new Case("where with an unbroadcastable condition", () -> new Tensor[] {seq(2, 3).gt(2.0), seq(3, 2),
                seq(3, 2)}, t -> Tensor.where(t[0], t[1], t[2]), "[2, 3]", "[3, 2]"));
        cases.add(new Case("where with unbroadcastable branches", () -> new Tensor[] {seq(2, 3).gt(2.0), seq(2, 3),
                seq(4)}, t -> Tensor.where(t[0], t[1], t[2]), "[2, 3]", "[4]"));
        cases.add(new Case("where with a float condition", of(s(2, 3), s(2, 3), s(2, 3)),
                t -> Tensor.where(t[0], t[1], t[2]), "where", "bool"));
        cases.add(new Case("addcmul with an unbroadcastable factor", of(s(2, 3), s(2, 3), s(3, 2)),
                t -> t[0].addcmul(t[1], t[2], 0.5), "[2, 3]", "[3, 2]"));
        cases.add(new Case("addcmul with an unbroadcastable input", of(s(4), s(2, 3), s(2, 3)),
                t -> t[0].addcmul(t[1], t[2], 0.5), "[4]", "[2, 3]"));
    }

    private static void inPlaceShapeMismatches(List<Case> cases) {
        record Op(String name, BiFunction<Tensor, Tensor, Tensor> f) {}
        List<Op> ops = List.of(new Op("addInPlace", Tensor::addInPlace), new Op("subInPlace", Tensor::subInPlace),
                new Op("mulInPlace", Tensor::mulInPlace), new Op("divInPlace", Tensor::divInPlace),
                new Op("copyFrom", Tensor::copyFrom));
        int[][][] pairs = {{{2, 3}, {4, 3}}, {{3}, {2, 3}}, {{2, 1}, {2, 3}}};   // the second does not fit in the first
        for (Op op : ops) {
            for (int[][] pair : pairs) {
                cases.add(new Case(op.name() + " of " + str(pair[1]) + " into " + str(pair[0]), of(pair[0], pair[1]),
                        t -> op.f().apply(t[0], t[1]), str(pair[0]), str(pair[1])));
            }
        }
        cases.add(new Case("addInPlace of float32 into int32", () -> new Tensor[] {seq(2, 3).to(DType.INT32), seq(2, 3)},
                t -> t[0].addInPlace(t[1]), "float32", "int32"));
        cases.add(new Case("mulInPlace of float32 into bool", () -> new Tensor[] {seq(2, 3).gt(2.0), seq(2, 3)},
                t -> t[0].mulInPlace(t[1]), "float32", "bool"));
        cases.add(new Case("addInPlace into a leaf that requires grad", () -> new Tensor[] {seq(2, 3).requiresGrad(true),
                seq(2, 3)}, t -> t[0].addInPlace(t[1]), "leaf"));
    }

    private static void reductionDims(List<Case> cases) {
        record Op(String name, BiFunction<Tensor, Integer, Object> f) {}
        List<Op> ops = List.of(new Op("sum", (x, d) -> x.sum(d)), new Op("mean", (x, d) -> x.mean(d)),
                new Op("prod", (x, d) -> x.prod(new int[] {d}, false)),
                new Op("amax", (x, d) -> x.amax(new int[] {d}, false)),
                new Op("amin", (x, d) -> x.amin(new int[] {d}, false)), new Op("max", (x, d) -> x.max(d, false)),
                new Op("min", (x, d) -> x.min(d, false)), new Op("argmax", (x, d) -> x.argmax(d, false)),
                new Op("argmin", (x, d) -> x.argmin(d, false)), new Op("var", (x, d) -> x.var(new int[] {d}, 1, false)),
                new Op("std", (x, d) -> x.std(new int[] {d}, 1, false)),
                new Op("norm", (x, d) -> x.norm(2, new int[] {d}, false)),
                new Op("logsumexp", (x, d) -> x.logsumexp(new int[] {d}, false)),
                new Op("softmax", (x, d) -> x.softmax(d)), new Op("logSoftmax", (x, d) -> x.logSoftmax(d)));
        for (Op op : ops) {
            for (int dim : new int[] {3, -4}) {
                cases.add(new Case(op.name() + " over dim " + dim + " of [2, 3, 4]", of(s(2, 3, 4)),
                        t -> op.f().apply(t[0], dim), Integer.toString(dim)));
            }
        }
        cases.add(new Case("sum over a repeated dim", of(s(2, 3)), t -> t[0].sum(new int[] {1, 1}, false), "1"));
        cases.add(new Case("sum over a dim named twice as -1 and 1", of(s(2, 3)), t -> t[0].sum(new int[] {-1, 1}, false),
                "1"));
        cases.add(new Case("max of an empty tensor", () -> new Tensor[] {Tensor.zeros(0)}, t -> t[0].max(), "max"));
        cases.add(new Case("argmax of an empty tensor", () -> new Tensor[] {Tensor.zeros(0)}, t -> t[0].argmax(),
                "argmax"));
        cases.add(new Case("item of a 2x3 tensor", of(s(2, 3)), t -> t[0].item(), "[2, 3]"));
    }

    private static void views(List<Case> cases) {
        cases.add(new Case("reshape [2, 3] to [5, 5]", of(s(2, 3)), t -> t[0].reshape(5, 5), "[2, 3]", "[5, 5]"));
        cases.add(new Case("reshape with two -1", of(s(2, 3)), t -> t[0].reshape(-1, -1), "-1"));
        cases.add(new Case("reshape [2, 3] to [-1, 4]", of(s(2, 3)), t -> t[0].reshape(-1, 4), "[2, 3]"));
        cases.add(new Case("reshape to a negative size", of(s(2, 3)), t -> t[0].reshape(-2, -3), "-2"));
        cases.add(new Case("view of a transposed tensor", of(s(2, 3)), t -> t[0].t().view(6), "view"));
        cases.add(new Case("expand [2, 3] to [3, 3]", of(s(2, 3)), t -> t[0].expand(3, 3), "[2, 3]", "[3, 3]"));
        cases.add(new Case("expand [2, 3] to fewer dims", of(s(2, 3)), t -> t[0].expand(3), "[2, 3]"));
        cases.add(new Case("permute with a repeated dim", of(s(2, 3, 4)), t -> t[0].permute(0, 0, 1), "permute"));
        cases.add(new Case("permute with too few dims", of(s(2, 3, 4)), t -> t[0].permute(0, 1), "permute"));
        cases.add(new Case("transpose dim 3 of a 3-d tensor", of(s(2, 3, 4)), t -> t[0].transpose(0, 3), "3"));
        cases.add(new Case("t of a 3-d tensor", of(s(2, 3, 4)), t -> t[0].t(), "[2, 3, 4]"));
        cases.add(new Case("narrow past the end", of(s(2, 3)), t -> t[0].narrow(1, 1, 5), "narrow"));
        cases.add(new Case("narrow with a negative length", of(s(2, 3)), t -> t[0].narrow(1, 0, -1), "narrow"));
        cases.add(new Case("select index 5 of size 2", of(s(2, 3)), t -> t[0].select(0, 5), "5"));
        cases.add(new Case("select dim 2 of a 2-d tensor", of(s(2, 3)), t -> t[0].select(2, 0), "2"));
        cases.add(new Case("slice with step 0", of(s(2, 3)), t -> t[0].slice(1, 0, 3, 0), "step"));
        cases.add(new Case("squeeze dim 5", of(s(2, 1)), t -> t[0].squeeze(5), "5"));
        cases.add(new Case("unsqueeze dim 4 of a 2-d tensor", of(s(2, 3)), t -> t[0].unsqueeze(4), "4"));
        cases.add(new Case("flatten from dim 2 to 1", of(s(2, 3, 4)), t -> t[0].flatten(2, 1), "flatten"));
        cases.add(new Case("split into pieces of 0", of(s(6)), t -> t[0].split(0, 0), "split"));
        cases.add(new Case("chunk into 0 chunks", of(s(6)), t -> t[0].chunk(0, 0), "chunk"));
    }

    private static void linearAlgebra(List<Case> cases) {
        cases.add(new Case("matmul [2, 3] @ [4, 2]", of(s(2, 3), s(4, 2)), t -> t[0].matmul(t[1]), "[2, 3]", "[4, 2]"));
        cases.add(new Case("matmul of a 0-d tensor", () -> new Tensor[] {Tensor.scalar(2), seq(2, 2)},
                t -> t[0].matmul(t[1]), "matmul"));
        cases.add(new Case("matmul with unbroadcastable batches", of(s(2, 3, 4), s(3, 4, 5)), t -> t[0].matmul(t[1]),
                "[2, 3, 4]", "[3, 4, 5]"));
        cases.add(new Case("matmul of vectors of different lengths", of(s(3), s(4)), t -> t[0].matmul(t[1]), "[3]",
                "[4]"));
        cases.add(new Case("linear with a weight of the wrong width", of(s(2, 3), s(4, 5)), t -> t[0].linear(t[1], null),
                "[2, 3]", "[4, 5]"));
        cases.add(new Case("linear with a bias of the wrong length", of(s(2, 3), s(4, 3), s(5)),
                t -> t[0].linear(t[1], t[2]), "[5]"));
        cases.add(new Case("outer of a matrix", of(s(2, 3), s(3)), t -> t[0].outer(t[1]), "[2, 3]"));
        cases.add(new Case("dot of vectors of different lengths", of(s(3), s(4)), t -> t[0].dot(t[1]), "[3]", "[4]"));
        cases.add(new Case("dot of matrices", of(s(2, 2), s(2, 2)), t -> t[0].dot(t[1]), "[2, 2]"));
        cases.add(new Case("matmul of int32 and float32", () -> new Tensor[] {seq(2, 2).to(DType.INT32), seq(2, 2)},
                t -> t[0].matmul(t[1]), "int32", "float32"));
    }

    private static void indexing(List<Case> cases) {
        Supplier<Tensor[]> xAndIndex = () -> new Tensor[] {seq(2, 3), Tensor.of(new long[] {0, 5}, 2, 1)};
        cases.add(new Case("gather with an index past the end", xAndIndex, t -> t[0].gather(1, t[1]), "5"));
        cases.add(new Case("gather with a negative index", () -> new Tensor[] {seq(2, 3), Tensor.of(new long[] {0, -1}, 2, 1)},
                t -> t[0].gather(1, t[1]), "-1"));
        cases.add(new Case("gather with a float index", of(s(2, 3), s(2, 1)), t -> t[0].gather(1, t[1]), "float32"));
        cases.add(new Case("gather with an index of another rank", () -> new Tensor[] {seq(2, 3),
                Tensor.of(new long[] {0, 1}, 2)}, t -> t[0].gather(1, t[1]), "gather"));
        cases.add(new Case("gather over dim 2 of a 2-d tensor", () -> new Tensor[] {seq(2, 3),
                Tensor.of(new long[] {0, 1}, 2, 1)}, t -> t[0].gather(2, t[1]), "2"));
        cases.add(new Case("scatter with an index past the end", () -> new Tensor[] {seq(2, 3),
                Tensor.of(new long[] {0, 7}, 2, 1), seq(2, 1)}, t -> t[0].scatter(1, t[1], t[2]), "7"));
        cases.add(new Case("scatterAdd with a source smaller than the index", () -> new Tensor[] {seq(2, 3),
                Tensor.of(new long[] {0, 1, 2, 0}, 2, 2), seq(2, 1)}, t -> t[0].scatterAdd(1, t[1], t[2]), "scatter"));
        cases.add(new Case("indexSelect with an index past the end", () -> new Tensor[] {seq(2, 3),
                Tensor.of(new long[] {0, 3}, 2)}, t -> t[0].indexSelect(1, t[1]), "3"));
        cases.add(new Case("indexSelect with a 2-d index", () -> new Tensor[] {seq(2, 3),
                Tensor.of(new long[] {0, 1}, 1, 2)}, t -> t[0].indexSelect(1, t[1]), "indexSelect"));
        cases.add(new Case("maskedFill with a float mask", of(s(2, 3), s(2, 3)), t -> t[0].maskedFill(t[1], 0), "bool"));
        cases.add(new Case("maskedFill with an unbroadcastable mask", () -> new Tensor[] {seq(2, 3), seq(3, 2).gt(1.0)},
                t -> t[0].maskedFill(t[1], 0), "[2, 3]", "[3, 2]"));
        cases.add(new Case("maskedSelect with an unbroadcastable mask", () -> new Tensor[] {seq(2, 3), seq(4).gt(1.0)},
                t -> t[0].maskedSelect(t[1]), "[2, 3]", "[4]"));
        cases.add(new Case("oneHot of a negative class", () -> new Tensor[] {Tensor.of(new long[] {1, -1}, 2)},
                t -> t[0].oneHot(3), "-1"));
        cases.add(new Case("oneHot of a class past the count", () -> new Tensor[] {Tensor.of(new long[] {1, 3}, 2)},
                t -> t[0].oneHot(3), "3"));
        cases.add(new Case("oneHot of floats", of(s(2)), t -> t[0].oneHot(3), "float32"));
    }

    private static void convolutionAndPooling(List<Case> cases) {
        int[] one = {1, 1}, zero = {0, 0};
        cases.add(new Case("conv2d of a 3-d input", of(s(1, 4, 4), s(2, 1, 3, 3)),
                t -> t[0].conv2d(t[1], null, one, zero, one, 1), "[1, 4, 4]"));
        cases.add(new Case("conv2d with mismatched channels", of(s(1, 3, 5, 5), s(2, 2, 3, 3)),
                t -> t[0].conv2d(t[1], null, one, zero, one, 1), "[1, 3, 5, 5]", "[2, 2, 3, 3]"));
        cases.add(new Case("conv2d with groups not dividing the channels", of(s(1, 3, 5, 5), s(2, 1, 3, 3)),
                t -> t[0].conv2d(t[1], null, one, zero, one, 2), "groups"));
        cases.add(new Case("conv2d with a kernel larger than the input", of(s(1, 1, 2, 2), s(1, 1, 3, 3)),
                t -> t[0].conv2d(t[1], null, one, zero, one, 1), "[1, 1, 2, 2]"));
        cases.add(new Case("conv2d with negative padding", of(s(1, 1, 5, 5), s(1, 1, 3, 3)),
                t -> t[0].conv2d(t[1], null, one, new int[] {-1, -1}, one, 1), "padding"));
        cases.add(new Case("conv2d with stride 0", of(s(1, 1, 5, 5), s(1, 1, 3, 3)),
                t -> t[0].conv2d(t[1], null, zero, zero, one, 1), "stride"));
        cases.add(new Case("conv2d with a bias of the wrong length", of(s(1, 1, 5, 5), s(2, 1, 3, 3), s(3)),
                t -> t[0].conv2d(t[1], t[2], one, zero, one, 1), "[3]"));
        cases.add(new Case("maxPool2d with kernel 0", of(s(1, 1, 4, 4)), t -> t[0].maxPool2d(0, 1, 0), "kernel"));
        cases.add(new Case("maxPool2d of a 2-d tensor", of(s(4, 4)), t -> t[0].maxPool2d(2, 2, 0), "[4, 4]"));
        cases.add(new Case("maxPool2d with padding over half the kernel", of(s(1, 1, 4, 4)), t -> t[0].maxPool2d(2, 2, 2),
                "padding"));
    }

    private static void joining(List<Case> cases) {
        cases.add(new Case("cat of tensors of different ranks", of(s(2, 3), s(3)), t -> Tensor.cat(0, List.of(t[0], t[1])),
                "[2, 3]", "[3]"));
        cases.add(new Case("cat of mismatched shapes", of(s(2, 3), s(2, 4)), t -> Tensor.cat(0, List.of(t[0], t[1])),
                "[2, 3]", "[2, 4]"));
        cases.add(new Case("cat over dim 2 of 2-d tensors", of(s(2, 3), s(2, 3)), t -> Tensor.cat(2, List.of(t[0], t[1])),
                "2"));
        cases.add(new Case("cat of nothing", of(), t -> Tensor.cat(0, List.of()), "cat"));
        cases.add(new Case("stack of mismatched shapes", of(s(2, 3), s(3, 2)), t -> Tensor.stack(0, List.of(t[0], t[1])),
                "[2, 3]", "[3, 2]"));
        cases.add(new Case("stack over dim 4 of 2-d tensors", of(s(2, 3), s(2, 3)),
                t -> Tensor.stack(4, List.of(t[0], t[1])), "4"));
    }

    private static void creation(List<Case> cases) {
        cases.add(new Case("zeros with a negative size", of(), t -> Tensor.zeros(2, -1), "-1"));
        cases.add(new Case("randint with low == high", of(), t -> Tensor.randint(5, 5, 3), "5"));
        cases.add(new Case("arange with step 0", of(), t -> Tensor.arange(0, 10, 0), "step"));
        cases.add(new Case("linspace with -1 steps", of(), t -> Tensor.linspace(0, 1, -1), "-1"));
        cases.add(new Case("eye of size -1", of(), t -> Tensor.eye(-1), "-1"));
        cases.add(new Case("full int32 with NaN", of(), t -> Tensor.full(DType.INT32, Double.NaN, 2), "NaN"));
        cases.add(new Case("full int32 with 1e10", of(), t -> Tensor.full(DType.INT32, 1e10, 2), "int32"));
        cases.add(new Case("of 6 values as [4, 2]", of(), t -> Tensor.of(new float[6], 4, 2), "[4, 2]"));
        cases.add(new Case("of ragged rows", of(), t -> Tensor.of(new float[][] {{1, 2}, {3}}), "row"));
        // 2^80 elements: past the 64-bit count (2^48, a valid shape now, would be an allocation the machine refuses)
        cases.add(new Case("zeros of a shape whose product overflows", of(),
                t -> Tensor.zeros(65536, 65536, 65536, 65536, 65536), "[65536, 65536, 65536, 65536, 65536]"));
    }

    private static void autograd(List<Case> cases) {
        cases.add(new Case("backward of a non-scalar without a gradient", () -> new Tensor[] {seq(2, 3).requiresGrad(true)},
                t -> { t[0].mul(2.0).backward(); return null; }, "[2, 3]"));
        cases.add(new Case("backward twice without retainGraph", () -> new Tensor[] {seq(2, 3).requiresGrad(true)},
                t -> {
                    Tensor loss = t[0].exp().sum();
                    loss.backward();
                    loss.backward();
                    return null;
                }, "retainGraph"));
        cases.add(new Case("requiresGrad on an int32 tensor", () -> new Tensor[] {seq(2).to(DType.INT32)},
                t -> t[0].requiresGrad(true), "int32"));
        cases.add(new Case("backward with a gradient of the wrong shape", () -> new Tensor[] {seq(2, 3).requiresGrad(true),
                seq(3, 2)}, t -> { t[0].mul(2.0).backward(t[1]); return null; }, "[2, 3]", "[3, 2]"));
        cases.add(new Case("backward of a tensor that needs no gradient", of(s(2)),
                t -> { t[0].sum().backward(); return null; }, "grad"));
        cases.add(new Case("in-place change of a tensor the graph saved", () -> new Tensor[] {seq(3).requiresGrad(true)},
                t -> {
                    Tensor y = t[0].mul(1.0);
                    Tensor z = y.sin();   // sin saves its input
                    try (var noGrad = Autograd.noGrad()) {
                        y.addInPlace(1.0);
                    }
                    z.sum().backward();
                    return null;
                }, "sin"));
        cases.add(new Case("setGrad of the wrong shape", of(s(2, 3), s(3, 2)), t -> { t[0].setGrad(t[1]); return null; },
                "[2, 3]", "[3, 2]"));
    }

    private static void closedTensors(List<Case> cases) {
        record Op(String name, Function<Tensor, Object> f) {}
        List<Op> ops = List.of(new Op("add", x -> x.add(1.0)), new Op("sum", Tensor::sum),
                new Op("reshape", x -> x.reshape(3, 2)), new Op("t", Tensor::t), new Op("detach", Tensor::detach),
                new Op("item", x -> x.sum().item()), new Op("toDoubleArray", Tensor::toDoubleArray),
                new Op("matmul", x -> x.matmul(x.t())), new Op("exp", Tensor::exp),
                new Op("addInPlace", x -> x.addInPlace(1.0)));
        for (Op op : ops) {
            cases.add(new Case(op.name() + " of a closed tensor", () -> {
                Tensor x = seq(2, 3);
                x.close();
                return new Tensor[] {x};
            }, t -> op.f().apply(t[0]), "closed"));
        }
    }
}
