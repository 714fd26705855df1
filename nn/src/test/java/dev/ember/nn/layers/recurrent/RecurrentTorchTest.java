package dev.ember.nn.layers.recurrent;

import dev.ember.DType;
import dev.ember.Generator;
import dev.ember.Tensor;
import dev.ember.nn.Module;
import dev.ember.nn.io.Safetensors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * PyTorch's weights loaded into Ember's recurrent layers and cells give PyTorch's outputs and gradients (float64;
 * src/test/resources/recurrent/make_recurrent_reference.py made the files once with Debian's python3-torch).
 */
class RecurrentTorchTest {
    private static final double TOLERANCE = 1e-10;

    @ParameterizedTest
    @ValueSource(strings = {"rnn_tanh_2layers_bidirectional", "rnn_relu_batch_first", "lstm_2layers_bidirectional_batch_first",
            "lstm_no_bias", "gru_2layers_bidirectional", "gru_unbatched", "rnn_lengths_bidirectional",
            "lstm_lengths_2layers_bidirectional", "gru_lengths_batch_first_2layers_bidirectional"})
    void layerMatchesPyTorch(String name) throws IOException {
        Safetensors.Contents file = Safetensors.read(resource(name));
        Map<String, Tensor> t = file.tensors();
        Map<String, String> m = file.metadata();
        RecurrentLayer layer = layer(m);
        layer.loadStateDict(params(t));   // strict: PyTorch's names, shapes and order
        Tensor x = t.get("x").requiresGrad(true);
        Tensor h0 = requiringGrad(t.get("h0"));
        Tensor c0 = requiringGrad(t.get("c0"));
        int[] lengths = t.containsKey("lengths") ? RecurrentLayer.lengths(t.get("lengths")) : null;
        Tensor output;
        Tensor hN;
        Tensor cN = null;
        if (layer instanceof LSTM lstm) {
            LSTMOutput out = lstm.forward(x, h0 == null ? null : new LSTMState(h0, c0), lengths);
            output = out.output();
            hN = out.state().h();
            cN = out.state().c();
        } else {
            RecurrentOutput out = layer instanceof GRU gru ? gru.forward(x, h0, lengths) : ((RNN) layer).forward(x, h0, lengths);
            output = out.output();
            hN = out.hN();
        }
        near(name + " output", t.get("output"), output);
        near(name + " h_n", t.get("h_n"), hN);
        if (cN != null) near(name + " c_n", t.get("c_n"), cN);

        Tensor loss = output.mul(t.get("proj.output")).sum().add(hN.mul(t.get("proj.h")).sum());
        if (cN != null) loss = loss.add(cN.mul(t.get("proj.c")).sum());
        loss.backward();
        checkGradients(name, t, layer, x, h0, c0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rnn_cell", "rnn_cell_relu", "lstm_cell", "gru_cell"})
    void cellMatchesPyTorch(String name) throws IOException {
        Safetensors.Contents file = Safetensors.read(resource(name));
        Map<String, Tensor> t = file.tensors();
        Map<String, String> m = file.metadata();
        int in = Integer.parseInt(m.get("input"));
        int hidden = Integer.parseInt(m.get("hidden"));
        Generator g = new Generator(1);
        RecurrentCell cell = switch (m.get("kind")) {
            case "RNNCell" -> new RNNCell(in, hidden, true,
                    m.get("nonlinearity").equals("relu") ? RNN.Nonlinearity.RELU : RNN.Nonlinearity.TANH, g);
            case "LSTMCell" -> new LSTMCell(in, hidden, true, g);
            default -> new GRUCell(in, hidden, true, g);
        };
        cell.to(DType.FLOAT64);
        cell.loadStateDict(params(t));
        Tensor x = t.get("x").requiresGrad(true);
        Tensor h0 = requiringGrad(t.get("h0"));
        Tensor c0 = requiringGrad(t.get("c0"));
        Tensor h;
        Tensor c = null;
        if (cell instanceof LSTMCell lstm) {
            LSTMState s = lstm.forward(x, new LSTMState(h0, c0));
            h = s.h();
            c = s.c();
        } else {
            h = cell instanceof GRUCell gru ? gru.forward(x, h0) : ((RNNCell) cell).forward(x, h0);
        }
        near(name + " h", t.get("h_n"), h);
        if (c != null) near(name + " c", t.get("c_n"), c);
        Tensor loss = h.mul(t.get("proj.h")).sum();
        if (c != null) loss = loss.add(c.mul(t.get("proj.c")).sum());
        loss.backward();
        checkGradients(name, t, cell, x, h0, c0);
    }

    private static void checkGradients(String name, Map<String, Tensor> t, Module module, Tensor x, Tensor h0, Tensor c0) {
        near(name + " grad x", t.get("grad.x"), x.grad());
        if (h0 != null) near(name + " grad h0", t.get("grad.h0"), h0.grad());
        if (c0 != null) near(name + " grad c0", t.get("grad.c0"), c0.grad());
        for (var e : module.namedParameters().entrySet()) {
            Tensor expected = t.get("grad.param." + e.getKey());
            assertNotNull(expected, name + ": no reference gradient for " + e.getKey());
            near(name + " grad " + e.getKey(), expected, e.getValue().grad());
        }
    }

    static RecurrentLayer layer(Map<String, String> m) {
        int in = Integer.parseInt(m.get("input"));
        int hidden = Integer.parseInt(m.get("hidden"));
        int layers = Integer.parseInt(m.get("layers"));
        boolean bias = Boolean.parseBoolean(m.get("bias"));
        boolean batchFirst = Boolean.parseBoolean(m.get("batch_first"));
        boolean bidirectional = Boolean.parseBoolean(m.get("bidirectional"));
        Generator g = new Generator(1);
        RecurrentLayer layer = switch (m.get("kind")) {
            case "RNN" -> new RNN(in, hidden, layers, m.get("nonlinearity").equals("relu") ? RNN.Nonlinearity.RELU
                    : RNN.Nonlinearity.TANH, bias, batchFirst, 0, bidirectional, g);
            case "LSTM" -> new LSTM(in, hidden, layers, bias, batchFirst, 0, bidirectional, g);
            default -> new GRU(in, hidden, layers, bias, batchFirst, 0, bidirectional, g);
        };
        layer.to(DType.FLOAT64);
        return layer;
    }

    private static Map<String, Tensor> params(Map<String, Tensor> t) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        t.forEach((k, v) -> { if (k.startsWith("param.")) out.put(k.substring("param.".length()), v); });
        return out;
    }

    private static Tensor requiringGrad(Tensor t) { return t == null ? null : t.requiresGrad(true); }

    private static void near(String what, Tensor expected, Tensor actual) {
        assertNotNull(actual, what + ": no value");
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        for (int i = 0; i < e.length; i++) assertEquals(e[i], a[i], TOLERANCE * (1 + Math.abs(e[i])), what + " [" + i + "]");
    }

    static Path resource(String name) {
        try {
            return Path.of(RecurrentTorchTest.class.getResource("/recurrent/" + name + ".safetensors").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
