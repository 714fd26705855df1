package dev.ember.nn.io;

import dev.ember.Autograd;
import dev.ember.DType;
import dev.ember.Generator;
import dev.ember.Tensor;
import dev.ember.nn.Sequential;
import dev.ember.nn.layers.Linear;
import dev.ember.nn.optim.Adam;
import dev.ember.nn.optim.schedule.StepDecay;
import dev.ember.nn.train.TinyParts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Damaged and hostile safetensors files and checkpoints, made from good ones by fixed-seed mutations: byte
 * flips, truncation at every 1/50th, header lengths huge and negative, overlapping and out-of-range offsets,
 * wrong dtypes, overflowing shapes, duplicate keys, and (for checkpoints) renamed, dropped and out-of-domain
 * entries. Every case must read exactly the original or throw the one documented exception
 * ({@link SafetensorsException} from {@link Safetensors#read}, {@link CheckpointException} from
 * {@link Checkpoint#load}) with a message that starts with the file and names the problem, and a refused
 * checkpoint must leave its target objects as they were. Runs in its own JVM with {@code -Xmx512m} (nn's pom),
 * so an allocation sized by a header rather than by the file shows as an OutOfMemoryError.
 *
 * <p>Structural mutations carry a correct checksum ("resigned"), as a hostile file would, so that the checks
 * behind the checksum are what refuses them. The figures are printed and written to
 * {@code target/fuzz-report.txt}.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // a hang guard, not a timing
class FileFuzzTest {
    private static final long SEED = 0x5afe7e45L;
    private static final Map<String, Map<String, Integer>> OUTCOMES = new TreeMap<>();
    private static final List<String> FAILURES = new ArrayList<>();
    private static long startNanos;

    @TempDir
    static Path dir;

    private int caseNumber;

    @BeforeAll
    static void start() { startNanos = System.nanoTime(); }

    // ---- safetensors ----

    @Test
    void safetensorsFilesReadTheOriginalOrAreRefused() throws IOException {
        Map<String, Tensor> mixed = new LinkedHashMap<>();
        Generator g = new Generator(SEED);
        mixed.put("f32", g.randn(3, 4));
        mixed.put("f64", g.randn(DType.FLOAT64, 5));
        mixed.put("f16", g.randn(2, 2));
        mixed.put("bf16", g.randn(3));
        mixed.put("i64", Tensor.of(new long[] {Long.MIN_VALUE, 7}));
        mixed.put("i32", Tensor.of(new int[] {-1, 0, 123456}));
        mixed.put("i16", Tensor.of(new int[] {-300, 300}));
        mixed.put("i8", Tensor.of(new int[] {-5}));
        mixed.put("u8", Tensor.of(new int[] {0, 255, 17}));
        mixed.put("bool", Tensor.of(new boolean[] {true, false, true, true}));
        mixed.put("scalar", Tensor.scalar(2.5f));
        mixed.put("empty", Tensor.zeros(0, 3));
        Path a = dir.resolve("mixed.safetensors");
        Safetensors.write(a, mixed, Map.of("format", "pt", "note", "é \"q\""), Map.of("f16", SafetensorsDType.F16,
                "bf16", SafetensorsDType.BF16, "i16", SafetensorsDType.I16, "i8", SafetensorsDType.I8, "u8", SafetensorsDType.U8));
        Path b = dir.resolve("model.safetensors");
        Safetensors.write(b, new Sequential(new Linear(3, 4), new Linear(4, 2)).stateDict());
        Path c = dir.resolve("big.safetensors");
        Safetensors.write(c, Map.of("w", g.randn(64, 32)), Map.of("k", "v"));

        for (Path base : List.of(a, b, c)) {
            byte[] original = Files.readAllBytes(base);
            Safetensors.Contents expected = Safetensors.read(base);
            Consumer<byte[]> check = bytes -> checkSafetensors(family(), bytes, expected);
            mutate(original, check, 400, true);
        }
    }

    private String family;

    private String family() { return family; }

    /** The mutations every base file gets; {@code resign} also produces structural header edits. */
    private void mutate(byte[] original, Consumer<byte[]> check, int flips, boolean sameSizeDtypesAreValid) {
        Random r = new Random(SEED ^ original.length);
        family = "truncated at k/50";
        for (int k = 0; k < 50; k++) check.accept(Arrays.copyOf(original, (int) ((long) original.length * k / 50)));
        family = "byte flip anywhere";
        for (int i = 0; i < flips; i++) {
            byte[] m = original.clone();
            m[r.nextInt(m.length)] ^= (byte) (1 + r.nextInt(255));
            check.accept(m);
        }
        int headerEnd = 8 + (int) headerLength(original);
        family = "byte flip in the header";
        for (int i = 0; i < flips / 4; i++) {
            byte[] m = original.clone();
            m[r.nextInt(headerEnd)] ^= (byte) (1 << r.nextInt(8));
            check.accept(m);
        }
        family = "header length";
        long[] lengths = {Long.MAX_VALUE, Long.MIN_VALUE, -1, -8, 1L << 32, Integer.MAX_VALUE, (long) Integer.MAX_VALUE + 1,
                Safetensors.MAX_HEADER_BYTES + 1, original.length, original.length - 7, original.length - 8, 0, 1, 2,
                headerLength(original) - 1, headerLength(original) + 1, headerLength(original) + 8, headerLength(original) - 8};
        for (long length : lengths) {
            byte[] m = original.clone();
            ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN).putLong(0, length);
            check.accept(m);
        }
        String header = new String(original, 8, (int) headerLength(original), StandardCharsets.UTF_8).stripTrailing();
        byte[] data = Arrays.copyOfRange(original, headerEnd, original.length);
        Matcher entry = Pattern.compile("(\"(?:[^\"\\\\]|\\\\.)*\"):\\{\"dtype\":\"(\\w+)\",\"shape\":\\[([0-9,]*)],\"data_offsets\":\\[(\\d+),(\\d+)]}").matcher(header);
        while (entry.find()) {
            String name = entry.group(1), dtype = entry.group(2), shape = entry.group(3);
            long begin = Long.parseLong(entry.group(4)), end = Long.parseLong(entry.group(5));
            String whole = entry.group();
            Consumer<String> edit = replacement -> check.accept(resigned(header.replace(whole, replacement), data));
            String prefix = name + ":{\"dtype\":\"" + dtype + "\",\"shape\":[" + shape + "],\"data_offsets\":";
            family = "data_offsets out of range or overlapping";
            for (String offsets : new String[] {"[" + begin + "," + (end + 1) + "]", "[" + (begin + 1) + "," + (end + 1) + "]",
                    "[" + Math.max(0, begin - 1) + "," + Math.max(0, end - 1) + "]", "[0," + end + "]", "[" + begin + "," + (data.length + 8) + "]",
                    "[-1," + end + "]", "[" + end + "," + begin + "]", "[" + begin + ",9223372036854775807]", "[9223372036854775807,0]",
                    "[-9223372036854775808," + end + "]", "[" + begin + ",99999999999999999999]", "[" + begin + "]",
                    "[" + begin + "," + end + "," + end + "]", "[\"" + begin + "\"," + end + "]", "[" + begin + ".0," + end + "]", "null",
                    "[" + (begin + 4096) + "," + (end + 4096) + "]"}) {
                if (!offsets.equals("[0," + end + "]") || begin != 0) edit.accept(prefix + offsets + "}");
            }
            family = "wrong dtype";
            int size = SafetensorsDType.valueOf(dtype).byteSize();
            for (SafetensorsDType other : SafetensorsDType.values()) {
                if (other.name().equals(dtype) || begin == end) continue;
                if (other.byteSize() == size && sameSizeDtypesAreValid) continue; // a valid file of other numbers
                edit.accept(whole.replace("\"dtype\":\"" + dtype + "\"", "\"dtype\":\"" + other + "\""));
            }
            for (String bad : new String[] {"\"F8_E5M2\"", "\"f32\"", "\"\"", "\"C64\"", "7", "null", "[\"F32\"]"}) {
                edit.accept(whole.replace("\"dtype\":\"" + dtype + "\"", "\"dtype\":" + bad));
            }
            family = "overflowing or invalid shape";
            long numel = 1;
            for (String d : shape.isEmpty() ? new String[0] : shape.split(",")) numel *= Long.parseLong(d);
            List<String> shapes = new ArrayList<>(List.of("[65536,65536,65536,65536]", "[2147483648]", "[-1]", "[4294967297,1]",
                    "[3037000500,3037000500]", "[1e3]", "[\"3\"]", "[" + (numel + 1) + "]", "[9223372036854775807,2]", "[0]", "{}", "null"));
            if (!sameSizeDtypesAreValid) shapes.addAll(List.of("[" + numel + "]", "[" + numel + ",1]", "[1," + numel + "]"));
            for (String s : shapes) {
                if (s.equals("[0]") && numel == 0) continue;
                if (sameSizeDtypesAreValid && s.equals("[" + numel + "]")) continue;
                edit.accept(whole.replace("\"shape\":[" + shape + "]", "\"shape\":" + s));
            }
            family = "duplicate key or extra field";
            edit.accept(whole + "," + whole);
            edit.accept(whole.substring(0, whole.length() - 1) + ",\"extra\":1}");
            edit.accept(whole.substring(0, whole.length() - 1) + ",\"dtype\":\"" + dtype + "\"}");
        }
        family = "metadata";
        for (String bad : new String[] {"{\"__metadata__\":[],", "{\"__metadata__\":{\"n\":1},\"__metadata__\":{},", "{\"__metadata__\":{\"a\":{}},"}) {
            check.accept(resigned(bad + header.substring(1), data));
        }
    }

    private void checkSafetensors(String family, byte[] bytes, Safetensors.Contents expected) {
        Path file = write(bytes);
        String outcome;
        try {
            Safetensors.Contents got = Safetensors.read(file);
            outcome = sameContents(expected, got) ? "read the original" : null;
            if (outcome == null) fail(family, file, "read, but not the original: metadata " + got.metadata() + ", tensors " + got.tensors().keySet());
        } catch (SafetensorsException e) {
            outcome = refusal(family, file, e, "not a valid safetensors file: ");
        } catch (Throwable t) {
            outcome = null;
            fail(family, file, t.toString());
        }
        if (outcome != null) count("safetensors: " + family, outcome);
    }

    private static boolean sameContents(Safetensors.Contents a, Safetensors.Contents b) {
        if (!a.metadata().equals(b.metadata()) || !a.storedAs().equals(b.storedAs())) return false;
        if (!List.copyOf(a.tensors().keySet()).equals(List.copyOf(b.tensors().keySet()))) return false;
        for (var e : a.tensors().entrySet()) {
            Tensor x = e.getValue(), y = b.tensors().get(e.getKey());
            if (x.dtype() != y.dtype() || !Arrays.equals(x.shape(), y.shape()) || !Arrays.equals(x.toDoubleArray(), y.toDoubleArray())) return false;
        }
        return true;
    }

    // ---- checkpoints ----

    /** The objects a checkpoint restores; {@code snapshot} is everything they hold, for comparing. */
    static final class Run {
        final Sequential model = new Sequential(new Linear(3, 4), new Linear(4, 2));
        final Adam optimizer;
        final StepDecay schedule;
        final Generator generator;

        Run(long seed) {
            Generator init = new Generator(seed);
            try (var noGrad = Autograd.noGrad()) {
                for (Tensor p : model.parameters()) p.copyFrom(init.randn(p.shape()));
            }
            optimizer = new Adam(model.parameters(), 0.01, 0.9, 0.999, 1e-8, 0, true);
            schedule = new StepDecay(optimizer, 0.5, 2);
            generator = new Generator(seed + 1);
        }

        Checkpoint checkpoint() { return new Checkpoint(model, optimizer).scheduler(schedule).generator(generator); }

        Map<String, double[]> snapshot() {
            Map<String, double[]> out = new LinkedHashMap<>();
            model.stateDict().forEach((k, v) -> out.put("model." + k, v.toDoubleArray()));
            optimizer.stateDict().forEach((k, v) -> out.put("optimizer." + k, v.toDoubleArray()));
            schedule.stateDict().forEach((k, v) -> out.put("scheduler." + k, v.toDoubleArray()));
            out.put("generator", new double[] {generator.seed(), generator.offset()});
            return out;
        }
    }

    private static boolean same(Map<String, double[]> a, Map<String, double[]> b) {
        if (!a.keySet().equals(b.keySet())) return false;
        for (var e : a.entrySet()) if (!Arrays.equals(e.getValue(), b.get(e.getKey()))) return false;
        return true;
    }

    @Test
    void checkpointsLoadTheOriginalOrAreRefusedChangingNothing() throws IOException {
        Run saved = new Run(1);
        for (int i = 0; i < 3; i++) {
            Tensor loss = TinyParts.MSE.apply(saved.model.forward(saved.generator.randn(4, 3)), Tensor.zeros(4, 2));
            saved.optimizer.zeroGrad();
            loss.backward();
            saved.optimizer.step();
            saved.schedule.step();
        }
        saved.optimizer.zeroGrad();
        Map<String, List<Double>> history = new LinkedHashMap<>();
        history.put("loss", List.of(0.9, 0.5, 0.25));
        history.put("val_loss", List.of(1.0, 0.6, Double.NaN));
        Path base = dir.resolve("run.safetensors");
        saved.checkpoint().save(base, 3, history);
        Map<String, double[]> expected = saved.snapshot();

        Run target = new Run(2);
        Path initial = dir.resolve("initial.safetensors");
        target.checkpoint().save(initial, 0, Map.of());
        Map<String, double[]> before = target.snapshot();
        // the untouched file loads, and is what every mutation is compared with
        assertEquals(3, target.checkpoint().load(base).epoch());
        assertTrue(same(expected, target.snapshot()));
        target.checkpoint().load(initial);
        assertTrue(same(before, target.snapshot()));

        byte[] original = Files.readAllBytes(base);
        Consumer<byte[]> check = bytes -> checkCheckpoint(family(), write(bytes), target, initial, before, expected, history);
        mutate(original, check, 1500, false);

        // entries renamed, dropped or given out-of-domain values by a script that rewrites the file (checksum valid)
        Safetensors.Contents contents = Safetensors.read(base);
        List<Map.Entry<Consumer<Map<String, Tensor>>, Consumer<Map<String, String>>>> edits = new ArrayList<>();
        for (String key : contents.tensors().keySet()) {
            edits.add(Map.entry(t -> t.remove(key), m -> {}));
            edits.add(Map.entry(t -> t.put(key + "X", t.remove(key)), m -> {}));
            edits.add(Map.entry(t -> t.put(key.substring(0, key.length() - 1), t.remove(key)), m -> {}));
            edits.add(Map.entry(t -> t.put(key, t.get(key).dtype() == DType.FLOAT64 ? t.get(key).to(DType.FLOAT32) : t.get(key).to(DType.FLOAT64)), m -> {}));
            edits.add(Map.entry(t -> t.put(key, t.get(key).reshape(1, -1)), m -> {}));
        }
        for (String key : contents.metadata().keySet()) {
            edits.add(Map.entry(t -> {}, m -> m.remove(key)));
            edits.add(Map.entry(t -> {}, m -> m.put(key + "X", m.remove(key))));
        }
        for (String[] kv : new String[][] {{"epoch", "-1"}, {"epoch", "3000000000"}, {"epoch", "99999999999999999999"}, {"epoch", "1.5"},
                {"epoch", "+3"}, {"epoch", "03"}, {"epoch", ""}, {"epoch", "NaN"}, {"generator.offset", "-1"},
                {"generator.offset", "9223372036854775808"}, {"generator.seed", "x"}, {"history", "["}, {"history", "[\"loss\"]"},
                {"history", "[\"loss\",\"loss\",\"val_loss\"]"}, {"history", "{}"}, {"history", "[1,2]"}, {"format", "pt"}, {"extra", "1"}}) {
            edits.add(Map.entry(t -> {}, m -> m.put(kv[0], kv[1])));
        }
        for (double bad : new double[] {-1, Double.NaN, 1.5, 1e30, Double.POSITIVE_INFINITY, 0}) {
            edits.add(Map.entry(t -> t.put("optimizer.step", Tensor.scalar(DType.FLOAT64, bad)), m -> {}));
            edits.add(Map.entry(t -> t.put("scheduler.last_epoch", Tensor.scalar(DType.FLOAT64, bad == 0 ? -0.5 : bad)), m -> {}));
        }
        for (double bad : new double[] {-1, Double.NaN, Double.POSITIVE_INFINITY}) {
            edits.add(Map.entry(t -> t.put("optimizer.lr", Tensor.scalar(DType.FLOAT64, bad)), m -> {}));
            edits.add(Map.entry(t -> t.put("scheduler.base_lr", Tensor.scalar(DType.FLOAT64, bad)), m -> {}));
        }
        edits.add(Map.entry(t -> t.put("optimizer.state.1.exp_avg_sq", t.get("optimizer.state.1.exp_avg_sq").sub(1)), m -> {}));
        edits.add(Map.entry(t -> t.put("optimizer.state.1.max_exp_avg_sq", t.get("optimizer.state.1.max_exp_avg_sq").mul(Double.NaN)), m -> {}));
        edits.add(Map.entry(t -> t.put("optimizer.has_state", Tensor.of(new boolean[] {true, false, true, true})), m -> {}));
        edits.add(Map.entry(t -> t.put("optimizer.has_state", Tensor.of(new boolean[] {true, true, true})), m -> {}));
        edits.add(Map.entry(t -> t.put("optimizer.state.01.exp_avg", t.get("optimizer.state.1.exp_avg")), m -> {}));
        edits.add(Map.entry(t -> t.put("stray", Tensor.scalar(1f)), m -> {}));
        family = "entry renamed, dropped or out of domain (rewritten)";
        for (var e : edits) {
            Map<String, Tensor> t = new LinkedHashMap<>(contents.tensors());
            Map<String, String> m = new LinkedHashMap<>(contents.metadata());
            e.getKey().accept(t);
            e.getValue().accept(m);
            Path file = dir.resolve("case-" + (caseNumber++) + ".safetensors");
            Safetensors.write(file, t, m);
            checkCheckpoint(family, file, target, initial, before, expected, history);
        }
    }

    private void checkCheckpoint(String family, Path file, Run target, Path initial, Map<String, double[]> before,
                                 Map<String, double[]> expected, Map<String, List<Double>> history) {
        String outcome;
        try {
            Checkpoint.Restored r = target.checkpoint().load(file);
            boolean original = r.epoch() == 3 && r.history().equals(history) && same(expected, target.snapshot());
            outcome = original ? "loaded the original" : null;
            if (!original) fail(family, file, "loaded, but not the original");
            target.checkpoint().load(initial);
        } catch (CheckpointException e) {
            outcome = refusal(family, file, e, "");
            if (!same(before, target.snapshot())) {
                fail(family, file, "refused, but the target objects changed");
                outcome = null;
            }
        } catch (Throwable t) {
            outcome = null;
            fail(family, file, t.toString());
        }
        if (outcome != null) count("checkpoint: " + family, outcome);
    }

    // ---- shared ----

    private static final Pattern NUMBERS = Pattern.compile("-?\\d+");
    private static final Pattern QUOTED = Pattern.compile("'[^']*'|\"(?:[^\"\\\\]|\\\\.)*\"");

    /**
     * The refusal's class: its message after the file name, with names and numbers blanked, cut at the first
     * detail. Null (and a failure) when the message does not start with the file or names no problem.
     */
    private String refusal(String family, Path file, Exception e, String expectedStart) {
        String m = e.getMessage();
        String start = file + ": " + expectedStart;
        if (m == null || !m.startsWith(start) || m.length() < start.length() + 10) {
            fail(family, file, "unclear message: " + m);
            return null;
        }
        String problem = m.substring(file.toString().length() + 2);
        if (problem.startsWith("not a valid safetensors file: ")) problem = "safetensors: " + problem.substring("not a valid safetensors file: ".length());
        problem = NUMBERS.matcher(QUOTED.matcher(problem).replaceAll("'…'")).replaceAll("N");
        int cut = problem.indexOf(" (");
        if (cut > 0) problem = problem.substring(0, cut);
        if (problem.length() > 90) problem = problem.substring(0, 90) + "…";
        return "refused: " + problem;
    }

    private void fail(String family, Path file, String what) {
        if (FAILURES.size() < 50) FAILURES.add(family + ": " + file.getFileName() + ": " + what);
        count("FAILED", family);
    }

    private static void count(String family, String outcome) {
        OUTCOMES.computeIfAbsent(family, k -> new TreeMap<>()).merge(outcome, 1, Integer::sum);
    }

    private Path write(byte[] bytes) {
        try {
            Path file = dir.resolve("case-" + (caseNumber++) + ".safetensors");
            Files.write(file, bytes);
            return file;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long headerLength(byte[] file) {
        return ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    }

    /** A file of {@code header} (padded to 8 bytes) and {@code data}, with the checksum the header names made right. */
    private static byte[] resigned(String header, byte[] data) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer b = ByteBuffer.allocate(8 + padded + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(padded).put(json);
        while (b.position() < 8 + padded) b.put((byte) ' ');
        b.put(data);
        byte[] bytes = b.array();
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        String key = "\"" + Safetensors.CHECKSUM_KEY + "\":\"";
        int at = text.indexOf(key);
        if (at < 0) return bytes;
        int digits = at + key.length();
        for (int i = 0; i < 8; i++) bytes[digits + i] = '0';
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        byte[] hex = String.format("%08x", crc.getValue()).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(hex, 0, bytes, digits, 8);
        return bytes;
    }

    @AfterAll
    static void report() throws IOException {
        StringBuilder s = new StringBuilder("File fuzz (seed 0x" + Long.toHexString(SEED) + ", max heap "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB, " + (System.nanoTime() - startNanos) / 1_000_000 + " ms)\n");
        int total = 0;
        Map<String, Integer> byOutcome = new TreeMap<>();
        for (var family : OUTCOMES.entrySet()) {
            int n = family.getValue().values().stream().mapToInt(Integer::intValue).sum();
            total += family.getKey().equals("FAILED") ? 0 : n;
            s.append(String.format("%6d  %s%n", n, family.getKey()));
            family.getValue().forEach((outcome, count) -> s.append(String.format("        %6d  %s%n", count, outcome)));
            if (!family.getKey().equals("FAILED")) {
                String kind = family.getKey().substring(0, family.getKey().indexOf(':'));
                family.getValue().forEach((outcome, count) -> byOutcome.merge(kind + ": " + outcome, count, Integer::sum));
            }
        }
        s.append("By outcome:\n");
        byOutcome.forEach((outcome, count) -> s.append(String.format("%6d  %s%n", count, outcome)));
        s.append(total).append(" cases passed, ").append(FAILURES.size()).append(" failures\n");
        FAILURES.forEach(f -> s.append("FAILURE ").append(f).append('\n'));
        System.out.print(s);
        Path target = Path.of("target");
        if (Files.isDirectory(target)) Files.writeString(target.resolve("fuzz-report.txt"), s);
        assertTrue(FAILURES.isEmpty(), "fuzz failures:\n" + String.join("\n", FAILURES));
        assertTrue(total >= 4000, "only " + total + " cases ran");
    }
}
