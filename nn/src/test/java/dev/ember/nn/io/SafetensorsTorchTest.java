package dev.ember.nn.io;

import dev.ember.DType;
import dev.ember.Tensor;
import dev.ember.nn.Module;
import dev.ember.nn.Sequential;
import dev.ember.nn.layers.Linear;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Reads files PyTorch wrote (src/test/resources/safetensors/make_torch_reference.py made them once). */
class SafetensorsTorchTest {
    /** Stands in for the ReLU layer so this test needs only Linear; it has no state, as torch's nn.ReLU. */
    static final class Relu extends Module {
        @Override
        public Tensor forward(Tensor x) { return x.relu(); }
    }

    static Path resource(String name) {
        try {
            return Path.of(SafetensorsTorchTest.class.getResource("/safetensors/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void torchWeightsLoadIntoTheSameEmberModelAndGiveTorchsOutputs() throws IOException {
        Safetensors.Contents weights = Safetensors.read(resource("torch_mlp.safetensors"));
        assertEquals("pt", weights.metadata().get("format"));
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), List.copyOf(weights.tensors().keySet()));

        Sequential model = new Sequential(new Linear(5, 8), new Relu(), new Linear(8, 3));
        model.loadStateDict(weights.tensors());
        model.eval();

        Map<String, Tensor> io = Safetensors.load(resource("torch_mlp_io.safetensors"));
        float[] expected = io.get("output").toFloatArray();
        Tensor y = model.forward(io.get("input"));
        assertArrayEquals(new int[] {4, 3}, y.shape());
        assertArrayEquals(expected, y.toFloatArray(), 1e-5f);
    }

    @Test
    void everyDtypeTorchWritesDecodesToTorchsValues() throws IOException {
        Safetensors.Contents c = Safetensors.read(resource("torch_dtypes.safetensors"));
        Map<String, Tensor> t = c.tensors();
        assertEquals("every dtype", c.metadata().get("note"));
        assertArrayEquals(new double[] {1.5, -2.25, 1e300}, t.get("f64").toDoubleArray());
        assertArrayEquals(new float[] {0.1f, -3f, 65504f, 1e-30f}, t.get("f32").toFloatArray());
        assertArrayEquals(new int[] {2, 2}, t.get("f32").shape());
        // 6.1035e-05 is float16's smallest normal, 5.96e-08 its smallest subnormal
        assertArrayEquals(new float[] {0.5f, -2f, 65504f, 6.103515625e-05f, 5.9604645e-08f}, t.get("f16").toFloatArray());
        // torch.tensor([1.0, -0.15625, 3.0e38], dtype=torch.bfloat16).float() -> [1.0, -0.15625, 3.00405527047391e+38]
        assertArrayEquals(new float[] {1f, -0.15625f, 3.00405527047391e+38f}, t.get("bf16").toFloatArray());
        assertArrayEquals(new long[] {-(1L << 62), 7}, t.get("i64").toLongArray());
        assertArrayEquals(new int[] {Integer.MIN_VALUE, Integer.MAX_VALUE}, t.get("i32").toIntArray());
        assertArrayEquals(new int[] {-32768, 32767, 5}, t.get("i16").toIntArray());
        assertArrayEquals(new int[] {-128, 127, 0}, t.get("i8").toIntArray());
        assertArrayEquals(new int[] {0, 255, 128}, t.get("u8").toIntArray());
        assertArrayEquals(new boolean[] {true, false, true}, t.get("bool").toBooleanArray());
        assertEquals(0, t.get("scalar").rank());
        assertEquals(2.5, t.get("scalar").item());
        assertArrayEquals(new int[] {0, 3}, t.get("empty").shape());
        assertEquals(DType.INT32, t.get("u8").dtype());
        assertEquals(DType.BFLOAT16, t.get("bf16").dtype(), "half precision is read as itself");
        assertEquals(DType.FLOAT16, t.get("f16").dtype());
        assertArrayEquals(new short[] {0x3800, (short) 0xC000, 0x7BFF, 0x0400, 0x0001}, t.get("f16").toBits());
        assertEquals(SafetensorsDType.BF16, c.storedAs().get("bf16"));
    }
}
