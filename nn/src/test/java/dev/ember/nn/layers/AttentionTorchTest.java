package dev.ember.nn.layers;

import dev.ember.DType;
import dev.ember.Generator;
import dev.ember.Tensor;
import dev.ember.nn.Module;
import dev.ember.nn.functional.Attention;
import dev.ember.nn.io.Safetensors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Values and gradients against PyTorch 1.13 on the same weights and inputs, float64, eval mode: the reference
 * formula of {@code F.scaled_dot_product_attention}, {@code nn.MultiheadAttention}, {@code nn.TransformerEncoderLayer}
 * and {@code nn.TransformerEncoder} (src/test/resources/attention/make_torch_reference.py made the file once).
 * Every case compares the output and the gradients of {@code sum(output * proj)} for the inputs and each parameter.
 */
class AttentionTorchTest {
    private static final double TOLERANCE = 1e-10;
    private static final List<String> LAYER_KEYS = List.of("self_attn.in_proj_weight", "self_attn.in_proj_bias",
            "self_attn.out_proj.weight", "self_attn.out_proj.bias", "linear1.weight", "linear1.bias", "linear2.weight",
            "linear2.bias", "norm1.weight", "norm1.bias", "norm2.weight", "norm2.bias");
    private static Map<String, Tensor> torch;

    @BeforeAll
    static void load() throws IOException, URISyntaxException {
        torch = Safetensors.load(Path.of(AttentionTorchTest.class.getResource("/attention/torch_attention.safetensors").toURI()));
    }

    private static Tensor input(String key) { return torch.get(key).detach().copy().requiresGrad(true); }

    private static void assertClose(String key, Tensor actual) {
        Tensor expected = torch.get(key);
        assertNotNull(expected, key);
        assertArrayEquals(expected.shape(), actual.shape(), key + " shape");
        assertArrayEquals(expected.toDoubleArray(), actual.toDoubleArray(), TOLERANCE, key);
    }

    /** Runs {@code forward}, back-propagates {@code sum(out * proj)} and compares everything the case stored. */
    private static void check(String prefix, Map<String, Tensor> inputs, Module module, Function<Map<String, Tensor>, Tensor> forward) {
        if (module != null) {
            module.to(DType.FLOAT64);
            module.loadStateDict(state(prefix));
            module.eval();
        }
        Tensor out = forward.apply(inputs);
        assertClose(prefix + "out", out);
        out.mul(torch.get(prefix + "proj")).sum().backward();
        inputs.forEach((name, t) -> assertClose(prefix + "grad." + name, t.grad()));
        if (module != null) module.namedParameters().forEach((name, p) -> assertClose(prefix + "grad.state." + name, p.grad()));
    }

    private static Map<String, Tensor> state(String prefix) {
        Map<String, Tensor> state = new LinkedHashMap<>();
        String p = prefix + "state.";
        torch.forEach((key, t) -> { if (key.startsWith(p)) state.put(key.substring(p.length()), t); });
        return state;
    }

    private static Map<String, Tensor> inputs(String prefix, String... names) {
        Map<String, Tensor> in = new LinkedHashMap<>();
        for (String n : names) in.put(n, input(prefix + n));
        return in;
    }

    @Test
    void scaledDotProductAttentionMatchesPyTorchsFormula() {
        Tensor boolMask = torch.get("sdpa.bool_mask");
        Tensor floatMask = torch.get("sdpa.float_mask");
        check("sdpa.plain.", inputs("sdpa.plain.", "q", "k", "v"), null,
                in -> Attention.scaledDotProductAttention(in.get("q"), in.get("k"), in.get("v")));
        check("sdpa.bool.", inputs("sdpa.bool.", "q", "k", "v"), null,
                in -> Attention.scaledDotProductAttention(in.get("q"), in.get("k"), in.get("v"), boolMask, 0, false, null));
        check("sdpa.float.", inputs("sdpa.float.", "q", "k", "v"), null,
                in -> Attention.scaledDotProductAttention(in.get("q"), in.get("k"), in.get("v"), floatMask, 0, false, null));
        // L = 4 queries, S = 6 keys: the causal mask is the upper-left triangle, as PyTorch's
        check("sdpa.causal.", inputs("sdpa.causal.", "q", "k", "v"), null,
                in -> Attention.scaledDotProductAttention(in.get("q"), in.get("k"), in.get("v"), null, 0, true, null));
    }

    @Test
    void multiheadCrossAttentionWithPaddingAndFloatMaskMatchesPyTorch() {
        MultiheadAttention mha = new MultiheadAttention(8, 2, 0.3, true, false, new Generator(1));
        assertEquals(List.of("in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"), List.copyOf(mha.stateDict().keySet()));
        Tensor[] weights = new Tensor[1];
        check("mha.cross.", inputs("mha.cross.", "query", "key", "value"), mha, in -> {
            MultiheadAttention.Output r = mha.forward(in.get("query"), in.get("key"), in.get("value"),
                    torch.get("mha.cross.padding"), true, torch.get("mha.cross.attn_mask"), true);
            weights[0] = r.weights();
            return r.output();
        });
        assertClose("mha.cross.weights", weights[0]);   // [N, L, S], averaged over the heads
    }

    @Test
    void multiheadSelfAttentionBatchFirstWithBoolCausalMaskMatchesPyTorch() {
        MultiheadAttention mha = new MultiheadAttention(8, 4, 0.0, true, true, new Generator(1));
        Tensor causal = Tensor.ones(DType.BOOL, 5, 5).triu(1);   // true = masked out, as nn.MultiheadAttention
        Tensor[] weights = new Tensor[1];
        check("mha.self.", inputs("mha.self.", "x"), mha, in -> {
            MultiheadAttention.Output r = mha.forward(in.get("x"), in.get("x"), in.get("x"), null, true, causal, false);
            weights[0] = r.weights();
            return r.output();
        });
        assertClose("mha.self.weights", weights[0]);    // [N, heads, L, S]
    }

    @Test
    void postNormEncoderLayerWithKeyPaddingMatchesPyTorch() {
        TransformerEncoderLayer layer = new TransformerEncoderLayer(8, 2, 16, 0.2, "relu", false, false);
        assertEquals(LAYER_KEYS, List.copyOf(layer.stateDict().keySet()));
        check("post.", inputs("post.", "src"), layer, in -> layer.forward(in.get("src"), null, torch.get("post.padding")));
    }

    @Test
    void preNormGeluBatchFirstCausalEncoderLayerMatchesPyTorch() {
        TransformerEncoderLayer layer = new TransformerEncoderLayer(8, 2, 16, 0.2, "gelu", true, true);
        check("pre.", inputs("pre.", "src"), layer,
                in -> layer.forward(in.get("src"), Attention.squareSubsequentMask(5, in.get("src").device(), DType.FLOAT64), null));
    }

    @Test
    void encoderStackWithFinalNormMatchesPyTorch() {
        TransformerEncoderLayer layer = new TransformerEncoderLayer(8, 2, 16, 0.1, "relu", 1e-5, true, true, new Generator(2));
        TransformerEncoder encoder = new TransformerEncoder(layer, 2, new LayerNorm(8));
        assertEquals(2 * LAYER_KEYS.size() + 2, encoder.stateDict().size());
        assertTrue(encoder.stateDict().containsKey("layers.1.self_attn.in_proj_weight"));
        assertTrue(encoder.stateDict().containsKey("norm.bias"));
        check("encoder.", inputs("encoder.", "src"), encoder,
                in -> encoder.forward(in.get("src"), Attention.squareSubsequentMask(4), null));
    }
}
