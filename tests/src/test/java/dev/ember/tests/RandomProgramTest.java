package dev.ember.tests;

import dev.ember.Autograd;
import dev.ember.DType;
import dev.ember.Device;
import dev.ember.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import static dev.ember.tests.Conformance.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Small random programs run through Ember and compared with PyTorch's float64 values and gradients: elementwise
 * ops, reductions, matmul, views (many of them changing nothing), tensors used twice, noGrad spans, detach,
 * and gradients taken with createGraph and differentiated again. The programs and PyTorch's results are in
 * {@code random-programs.txt}, written by {@code tests/src/test/python/random_programs.py}, whose docstring
 * describes the format: one statement a line, {@code t4 = reshape t2 [3,2]}.
 */
class RandomProgramTest {
    private static final String PROGRAMS = "random-programs.txt";

    static Stream<Arguments> programs() {
        List<Arguments> out = new ArrayList<>();
        for (Device device : Conformance.devices()) {
            for (List<String> program : read()) out.add(Arguments.of(program.get(0), device, program));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("programs")
    void agreesWithPyTorch(String name, Device device, List<String> program) {
        new Interpreter(device).run(program);
    }

    /** Runs one program's statements in order, checking each expectation as it comes. */
    private static final class Interpreter {
        private final Device device;
        private final Map<String, Tensor> tensors = new HashMap<>();
        private final List<String[]> gradients = new ArrayList<>();
        private Autograd.Scope noGrad;
        private Tensor loss;

        Interpreter(Device device) { this.device = device; }

        void run(List<String> program) {
            try {
                for (String line : program) {
                    try {
                        statement(line.split(" "));
                    } catch (RuntimeException e) {
                        throw new AssertionError(line + ": " + e, e);
                    }
                }
                checkGradients();
            } finally {
                if (noGrad != null) noGrad.close();
            }
        }

        private void statement(String[] w) {
            switch (w[0]) {
                case "program" -> { }
                case "leaf" -> tensors.put(w[1], tensor(numbers(w, 5), ints(w[2])).requiresGrad(w[3].equals("grad")));
                case "nograd" -> noGrad = Autograd.noGrad();
                case "end" -> {
                    noGrad.close();
                    noGrad = null;
                }
                case "loss" -> loss = get(w[1]);
                case "value" -> {
                    Tensor t = get(w[1]);
                    assertArrayEquals(ints(w[2]), t.shape(), w[1] + ": shape");
                    assertEquals(w[3].equals("grad"), t.requiresGrad(), w[1] + ": requiresGrad");
                    assertClose(w[1], numbers(w, 5), t);
                }
                case "grad" -> gradients.add(w);
                default -> {
                    if (!w[1].equals("=")) throw new IllegalArgumentException("not a statement");
                    tensors.put(w[0], apply(w[2], new Args(w, tensors)));
                }
            }
        }

        /** Each line's op in Ember; random_programs.py's TORCH table says the same in PyTorch. */
        private static Tensor apply(String op, Args a) {
            Tensor x = a.tensor(0);
            return switch (op) {
                case "neg" -> x.neg();
                case "exp" -> x.exp();
                case "tanh" -> x.tanh();
                case "sigmoid" -> x.sigmoid();
                case "sin" -> x.sin();
                case "cos" -> x.cos();
                case "scale" -> x.mul(a.number(1));
                case "shift" -> x.add(a.number(1));
                case "add" -> x.add(a.tensor(1));
                case "sub" -> x.sub(a.tensor(1));
                case "mul" -> x.mul(a.tensor(1));
                case "div" -> x.div(a.tensor(1));
                case "matmul" -> x.matmul(a.tensor(1));
                case "sum" -> a.count() == 1 ? x.sum() : x.sum(a.ints(1), a.bool(2));
                case "mean" -> a.count() == 1 ? x.mean() : x.mean(a.ints(1), a.bool(2));
                case "logsumexp" -> x.logsumexp(a.ints(1), a.bool(2));
                case "softmax" -> x.softmax(a.integer(1));
                case "reshape" -> x.reshape(a.ints(1));
                case "view" -> x.view(a.ints(1));
                case "permute" -> x.permute(a.ints(1));
                case "transpose" -> x.transpose(a.integer(1), a.integer(2));
                case "t" -> x.t();
                case "expand" -> x.expand(a.ints(1));
                case "squeeze" -> a.count() == 1 ? x.squeeze() : x.squeeze(a.integer(1));
                case "unsqueeze" -> x.unsqueeze(a.integer(1));
                case "slice" -> x.slice(a.integer(1), a.integer(2), a.integer(3), a.integer(4));
                case "narrow" -> x.narrow(a.integer(1), a.integer(2), a.integer(3));
                case "select" -> x.select(a.integer(1), a.integer(2));
                case "flatten" -> x.flatten(a.integer(1), a.integer(2));
                case "detach" -> x.detach();
                case "grad" -> Autograd.grad(x, List.of(a.tensor(1)), null, true, true).get(0);
                default -> throw new IllegalArgumentException("unknown op " + op);
            };
        }

        /**
         * d loss / d each listed tensor, first from {@code Autograd.grad} (zeros where the loss does not use it),
         * then in {@code grad()} after {@code backward} with {@code retainGrad} on the intermediates (null there).
         */
        private void checkGradients() {
            if (gradients.isEmpty()) return;
            List<Tensor> inputs = gradients.stream().map(w -> get(w[1])).toList();
            List<Tensor> grads = Autograd.grad(loss, inputs, null, true, false);
            for (int k = 0; k < inputs.size(); k++) {
                String[] w = gradients.get(k);
                double[] expected = unused(w) ? new double[Math.toIntExact(inputs.get(k).numel())] : numbers(w, 4);
                assertClose("Autograd.grad of the loss with respect to " + w[1], expected, grads.get(k));
            }
            for (Tensor in : inputs) if (!in.isLeaf()) in.retainGrad();
            loss.backward();
            for (int k = 0; k < inputs.size(); k++) {
                String[] w = gradients.get(k);
                Tensor g = inputs.get(k).grad();
                if (unused(w)) {
                    assertNull(g, w[1] + ".grad() after backward, which does not reach it");
                } else {
                    assertNotNull(g, w[1] + ".grad() after backward");
                    assertClose(w[1] + ".grad() after backward", numbers(w, 4), g);
                }
            }
        }

        private static boolean unused(String[] w) { return w[3].equals("unused"); }

        private Tensor get(String name) {
            return Objects.requireNonNull(tensors.get(name), () -> name + " is not defined");
        }

        private Tensor tensor(double[] values, int[] shape) {
            Tensor t = shape.length == 0 ? Tensor.scalar(DType.FLOAT64, values[0]) : Tensor.of(values, shape);
            return t.to(device);
        }
    }

    /** The arguments of an op line {@code tN = op arg0 arg1 ...}. */
    private record Args(String[] words, Map<String, Tensor> tensors) {
        int count() { return words.length - 3; }

        Tensor tensor(int i) {
            return Objects.requireNonNull(tensors.get(words[3 + i]), () -> words[3 + i] + " is not defined");
        }

        int integer(int i) { return Integer.parseInt(words[3 + i]); }

        double number(int i) { return Double.parseDouble(words[3 + i]); }

        boolean bool(int i) { return Boolean.parseBoolean(words[3 + i]); }

        int[] ints(int i) { return RandomProgramTest.ints(words[3 + i]); }
    }

    /** {@code [2,3]} as {2, 3}; {@code []} as {}. */
    private static int[] ints(String list) {
        String inside = list.substring(1, list.length() - 1);
        return inside.isEmpty() ? new int[0] : Arrays.stream(inside.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    private static double[] numbers(String[] words, int from) {
        return Arrays.stream(words, from, words.length).mapToDouble(Double::parseDouble).toArray();
    }

    /** The programs in the resource file, each as its lines (the first is {@code program N}). */
    private static List<List<String>> read() {
        List<List<String>> programs = new ArrayList<>();
        try (var in = RandomProgramTest.class.getResourceAsStream(PROGRAMS)) {
            if (in == null) throw new IllegalStateException(PROGRAMS + " is missing from the test resources");
            var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<String> current = null;
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.startsWith("program ")) programs.add(current = new ArrayList<>());
                if (!line.isBlank()) Objects.requireNonNull(current, "the file must start with a program line").add(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return programs;
    }
}
