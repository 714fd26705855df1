package dev.ember.nn;

import dev.ember.DType;
import dev.ember.Device;
import dev.ember.Generator;
import dev.ember.Tensor;
import dev.ember.nn.init.Init;
import dev.ember.nn.layers.Conv2d;
import dev.ember.nn.layers.Linear;
import dev.ember.nn.layers.ReLU;
import dev.ember.nn.layers.Sigmoid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Typed modules with several outputs, self-typed to/train/load, one-line save and load, in-place init, short forms. */
class ErgonomicsTest {
    /** A small VAE: one input, three outputs in a record. */
    static final class TinyVae extends TypedModule<Tensor, TinyVae.Output> {
        record Output(Tensor reconstruction, Tensor mean, Tensor logVar) {}

        private final Linear hidden = child("hidden", new Linear(6, 5));
        private final Linear mean = child("mean", new Linear(5, 2));
        private final Linear logVar = child("logVar", new Linear(5, 2));
        private final Sequential decoder = child("decoder", new Sequential(new Linear(2, 6), new Sigmoid()));

        @Override
        public Output forward(Tensor x) {
            Tensor h = hidden.forward(x.flatten(1)).relu();
            Tensor mu = mean.forward(h), lv = logVar.forward(h);
            Tensor z = mu.add(Tensor.randnLike(mu).mul(lv.mul(0.5).exp()));
            return new Output(decoder.forward(z), mu, lv);
        }
    }

    /** Two inputs in a record, one tensor out. */
    static final class Pair extends TypedModule<Pair.Inputs, Tensor> {
        record Inputs(Tensor left, Tensor right) {}

        private final Linear shared = child("shared", new Linear(3, 2));

        @Override
        public Tensor forward(Inputs in) { return shared.forward(in.left()).sub(shared.forward(in.right())); }
    }

    /** A plain module holding a typed one. */
    static final class Holder extends Module {
        final TinyVae vae = child("vae", new TinyVae());
        final Linear head = child("head", new Linear(2, 1));

        @Override
        public Tensor forward(Tensor x) { return head.forward(vae.forward(x).mean()); }
    }

    @Test
    void aTypedModuleReturnsARecordAndTrainsEveryParameter() {
        TinyVae vae = new TinyVae().to(DType.FLOAT64);   // no cast
        assertEquals(List.of("hidden.weight", "hidden.bias", "mean.weight", "mean.bias", "logVar.weight", "logVar.bias",
                "decoder.0.weight", "decoder.0.bias"), List.copyOf(vae.stateDict().keySet()));
        TinyVae.Output out = vae.forward(Tensor.rand(DType.FLOAT64, 4, 1, 2, 3));
        assertArrayEquals(new int[] {4, 6}, out.reconstruction().shape());
        assertEquals(DType.FLOAT64, out.mean().dtype());
        out.reconstruction().sum().add(out.mean().sum()).add(out.logVar().exp().sum()).backward();
        for (var e : vae.namedParameters().entrySet()) assertNotNull(e.getValue().grad(), e.getKey() + " got no gradient");
        TinyVae same = vae.eval();
        assertSame(vae, same);
        assertFalse(vae.isTraining());
        var e = assertThrows(UnsupportedOperationException.class, () -> vae.asModule().forward(Tensor.zeros(1, 6)));
        assertTrue(e.getMessage().contains("TinyVae"), e.getMessage());
        assertTrue(vae.toString().startsWith("TinyVae("), vae.toString());
    }

    @Test
    void severalInputsAndNestingUnderAPlainModule() {
        Pair pair = new Pair();
        Tensor a = Tensor.rand(2, 3);
        assertArrayEquals(new float[4], pair.forward(new Pair.Inputs(a, a)).toFloatArray(), "same input, same branch: zero");
        Holder holder = new Holder().to(Device.cpu());
        assertTrue(holder.stateDict().containsKey("vae.decoder.0.weight"));
        assertEquals(holder.vae.parameterCount() + 3, holder.parameterCount());
        assertArrayEquals(new int[] {5, 1}, holder.forward(Tensor.rand(5, 6)).shape());
        holder.eval();
        assertFalse(holder.vae.isTraining(), "mode reaches a typed child");
    }

    @Test
    void saveAndLoadAreOneLineEachAndAllOrNothing(@TempDir Path dir) throws java.io.IOException {
        Tensor.manualSeed(1);
        TinyVae vae = new TinyVae();
        Path file = dir.resolve("vae.safetensors");
        vae.save(file);
        TinyVae other = new TinyVae();
        assertNotEquals(vae.stateDict().get("hidden.weight").toFloatArray()[0], other.stateDict().get("hidden.weight").toFloatArray()[0]);
        TinyVae loaded = other.load(file);
        assertSame(other, loaded);
        for (var e : vae.stateDict().entrySet()) {
            assertArrayEquals(e.getValue().toFloatArray(), other.stateDict().get(e.getKey()).toFloatArray(), e.getKey());
        }
        assertThrows(UncheckedIOException.class, () -> new TinyVae().load(dir.resolve("missing.safetensors")));
        Linear wrong = new Linear(5, 6);
        float before = wrong.weight().value().toFloatArray()[0];
        assertThrows(IllegalArgumentException.class, () -> wrong.load(file));
        assertEquals(before, wrong.weight().value().toFloatArray()[0], "a failed load changes nothing");
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary left beside the file");
        }
    }

    @Test
    void initInPlaceKeepsTheTensorAndItsDtype() {
        Tensor.manualSeed(7);
        Conv2d conv = new Conv2d(16, 32, 5).to(DType.FLOAT64);
        Tensor before = conv.weight().value();
        Init.normalInPlace(conv.weight(), 0, 0.02);
        assertSame(before, conv.weight().value(), "the same tensor, so an optimizer holding it sees the change");
        assertTrue(before.requiresGrad());
        assertEquals(DType.FLOAT64, before.dtype());
        double[] w = before.toDoubleArray();   // 12800 draws
        double mean = 0, sq = 0;
        for (double v : w) { mean += v; sq += v * v; }
        mean /= w.length;
        double std = Math.sqrt(sq / w.length - mean * mean);
        assertEquals(0, mean, 0.001);
        assertEquals(0.02, std, 0.001);
        Init.zerosInPlace(conv.bias());
        assertArrayEquals(new double[32], conv.bias().value().toDoubleArray());
        Init.constantInPlace(conv.bias(), 0.5);
        assertEquals(0.5, conv.bias().value().toDoubleArray()[31]);
    }

    @Test
    void shortFormsMatchTheirLongForms() {
        Tensor x = new Generator(3).randn(2, 3, 4, 4);
        assertArrayEquals(new int[] {2, 48}, x.flatten(1).shape());
        assertArrayEquals(x.flatten(1, 3).toFloatArray(), x.flatten(1).toFloatArray());
        assertArrayEquals(x.maxPool2d(2, 2, 0).toFloatArray(), x.maxPool2d(2).toFloatArray());
        assertArrayEquals(x.avgPool2d(2, 2, 0).toFloatArray(), x.avgPool2d(2).toFloatArray());
        Tensor logits = Tensor.of(new float[][] {{0, 3, 1}, {5, 2, 9}});
        assertArrayEquals(new long[] {1, 2}, logits.argmax(1).toLongArray());
        assertArrayEquals(new long[] {0, 1}, logits.argmin(1).toLongArray());
        Tensor d = Tensor.zeros(DType.FLOAT64, 3, 2);
        Tensor n = Tensor.randnLike(d);
        assertEquals(DType.FLOAT64, n.dtype());
        assertArrayEquals(new int[] {3, 2}, n.shape());
        assertEquals(d.device(), n.device());
        Tensor u = Tensor.randLike(d);
        for (double v : u.toDoubleArray()) assertTrue(v >= 0 && v < 1);
        assertEquals(Device.CPU, Tensor.randn(Device.cpu(), DType.FLOAT32, 5).device());
        assertEquals(Device.CPU, Device.cpu());
        assertEquals(Device.cuda(0), Device.cuda());
        assertThrows(IllegalArgumentException.class, () -> Tensor.randnLike(Tensor.zeros(DType.INT64, 2)));
        Generator g1 = new Generator(5), g2 = new Generator(5);
        assertArrayEquals(g1.randn(DType.FLOAT64, 3, 2).toDoubleArray(), g2.randnLike(d).toDoubleArray(), "same stream as randn");
    }
}
