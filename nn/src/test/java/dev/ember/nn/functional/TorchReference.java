package dev.ember.nn.functional;

import dev.ember.DType;
import dev.ember.Tensor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The cases of {@code torch-reference.txt}, written by {@code nn/src/test/python/functional_reference.py}:
 * each an input set, PyTorch's output, its gradients and the inputs it changed in place.
 */
final class TorchReference {
    record Input(String dtype, int[] shape, boolean grad, double[] values) {
        Tensor tensor() {
            Tensor t = Tensor.of(values, shape);
            return dtype.equals("int64") ? t.to(DType.INT64) : t;
        }
    }

    record Case(String name, Map<String, Input> inputs, int[] outShape, double[] out,
                Map<String, double[]> grads, Map<String, double[]> after) {}

    private TorchReference() {}

    static Map<String, Case> load() {
        Map<String, Case> cases = new LinkedHashMap<>();
        var stream = TorchReference.class.getResourceAsStream("torch-reference.txt");
        if (stream == null) throw new IllegalStateException("torch-reference.txt is missing from the test resources");
        try (BufferedReader r = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String name = null;
            Map<String, Input> inputs = null;
            Map<String, double[]> grads = null;
            Map<String, double[]> after = null;
            int[] outShape = null;
            double[] out = null;
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("#")) continue;
                if (line.isBlank()) {
                    if (name != null) cases.put(name, new Case(name, inputs, outShape, out, grads, after));
                    name = null;
                    continue;
                }
                if (line.startsWith("case ")) {
                    name = line.substring(5);
                    inputs = new LinkedHashMap<>();
                    grads = new LinkedHashMap<>();
                    after = new LinkedHashMap<>();
                    continue;
                }
                String[] sides = line.split(" = ", 2);
                String[] head = sides[0].split(" ");
                double[] values = numbers(sides.length > 1 ? sides[1] : "");
                switch (head[0]) {
                    case "in" -> inputs.put(head[1], new Input(head[2], shape(head[3]), head.length > 4, values));
                    case "out" -> {
                        outShape = shape(head[2]);
                        out = values;
                    }
                    case "grad" -> grads.put(head[1], values);
                    case "after" -> after.put(head[1], values);
                    default -> throw new IllegalStateException("torch-reference.txt: unknown line " + line);
                }
            }
            if (name != null) cases.put(name, new Case(name, inputs, outShape, out, grads, after));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases;
    }

    private static int[] shape(String s) {
        String inner = s.substring(1, s.length() - 1);
        return inner.isEmpty() ? new int[0] : Arrays.stream(inner.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    private static double[] numbers(String s) {
        if (s.isBlank()) return new double[0];
        return Arrays.stream(s.trim().split(" ")).mapToDouble(v -> switch (v) {
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            case "nan" -> Double.NaN;
            default -> Double.parseDouble(v);
        }).toArray();
    }
}
