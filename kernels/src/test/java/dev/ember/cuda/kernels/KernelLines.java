package dev.ember.cuda.kernels;

import dev.ember.DType;
import dev.ember.backend.Backend;
import dev.ember.backend.Distribution;
import dev.ember.backend.Layout;
import dev.ember.backend.PoolGeometry;
import dev.ember.backend.ReduceOp;
import dev.ember.backend.ScanOp;
import dev.ember.backend.ScatterMode;
import dev.ember.backend.Storage;

import java.lang.reflect.Array;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * host_check's kernel lines ({@code reduce softmax gather scatter sort pool scan random_fill}, see host_kernels.h)
 * against the CPU backend running the same op on the same layouts and data. Everything must match bit for bit, except
 * that max/min take -0 and +0 as equal (the CPU's dense path prefers +0, its strided path and the GPU the first),
 * softmax is within {@link #SOFTMAX_ULPS} (exp is the host's libm here, Java's on the CPU), and normal random numbers
 * within {@link #NORMAL_ULPS} (log and cos likewise; a half type's within one of its ulps).
 */
final class KernelLines {
    static final int SOFTMAX_ULPS = 4;
    /**
     * logcumsumexp's {@code max + log1p(exp(min - max))} can cancel to a result much smaller than its terms (-0.023
     * from about -0.5 and 0.48): a one-ulp difference in log1p or exp (the host's libm here, StrictMath on the CPU)
     * is then tens of the result's ulps.
     */
    static final int LOGCUMSUMEXP_ULPS = 64;
    static final int NORMAL_ULPS = 2;

    private final Backend cpu;
    private final Comparisons results;

    KernelLines(Backend cpu, Comparisons results) {
        this.cpu = cpu;
        this.results = results;
    }

    void check(String[] f) {
        Map<String, String> line = fields(f);
        switch (f[0]) {
            case "reduce" -> reduce(line);
            case "softmax" -> softmax(line);
            case "gather" -> gather(line);
            case "scatter" -> scatter(line);
            case "sort" -> sort(line);
            case "pool" -> pool(line);
            case "scan" -> scan(line);
            case "random_fill" -> randomFill(line);
            default -> throw new IllegalArgumentException("not a kernel line: " + f[0]);
        }
    }

    private void reduce(Map<String, String> line) {
        ReduceOp op = ReduceOp.valueOf(line.get("op").toUpperCase(Locale.ROOT));
        DType t = ElementBits.dtype(line.get("t"));
        int[] shape = ints(line, "shape"), dims = ints(line, "dims");
        Layout x = new Layout(shape, ints(line, "strides"), Integer.parseInt(line.get("offset")));
        DType r = switch (op) {
            case SUM, PROD -> t.isFloating() ? t : DType.INT64;
            case MAX, MIN -> t;
            case ARGMAX, ARGMIN -> DType.INT64;
        };
        int[] outShape = shape.clone();
        for (int d : dims) outShape[d] = 1;
        Layout outLayout = Layout.contiguous(outShape);
        Storage out = cpu.allocate(r, outLayout.numel());
        cpu.reduce(op, storage(t, line, "x"), x, dims, out, outLayout);
        boolean zerosEqual = op == ReduceOp.MAX || op == ReduceOp.MIN;
        String pass = line.get("parts").equals("0") ? "" : " in " + line.get("parts") + " parts of " + line.get("part_length");
        compare("reduce " + op + " " + t + " shape " + Arrays.toString(shape) + " dims " + Arrays.toString(dims) + pass,
                r, cpu.toArray(out, outLayout), hex(line, "out"), 0, zerosEqual);
    }

    private void softmax(Map<String, String> line) {
        DType t = ElementBits.dtype(line.get("t"));
        int rows = Integer.parseInt(line.get("rows")), length = Integer.parseInt(line.get("length"));
        boolean log = line.get("log").equals("1");
        Storage out = cpu.allocate(t, rows * length);
        cpu.softmax(storage(t, line, "x"), rows, length, log, out);
        compare("softmax " + t + " " + rows + "x" + length + (log ? " log" : ""), t,
                cpu.toArray(out, Layout.contiguous(rows * length)), hex(line, "out"), SOFTMAX_ULPS, false);
    }

    private void gather(Map<String, String> line) {
        DType t = ElementBits.dtype(line.get("t"));
        int dim = Integer.parseInt(line.get("dim"));
        Layout index = layout(line, "index");
        Layout outLayout = Layout.contiguous(index.shape());
        Storage out = cpu.allocate(t, outLayout.numel());
        cpu.gather(storage(t, line, "src"), layout(line, "src"), dim, indexStorage(line), index, out, outLayout);
        compare("gather " + t + " dim " + dim + " from " + layout(line, "src"), t, cpu.toArray(out, outLayout),
                hex(line, "out"), 0, false);
    }

    private void scatter(Map<String, String> line) {
        ScatterMode mode = ScatterMode.valueOf(line.get("mode").toUpperCase(Locale.ROOT));
        DType t = ElementBits.dtype(line.get("t"));
        int dim = Integer.parseInt(line.get("dim"));
        Storage dst = storage(t, line, "dst");
        cpu.scatter(mode, dst, layout(line, "dst"), dim, indexStorage(line), layout(line, "index"),
                storage(t, line, "src"), layout(line, "src"));
        compare("scatter " + mode + " " + t + " dim " + dim + " into " + layout(line, "dst"), t,
                cpu.toArray(dst, Layout.contiguous(Math.toIntExact(dst.size()))), hex(line, "out"), 0, false);
    }

    /** Values bit for bit (a sort copies elements), indices exactly: the order, ties included, is the CPU's. */
    private void sort(Map<String, String> line) {
        DType t = ElementBits.dtype(line.get("t"));
        int dim = Integer.parseInt(line.get("dim"));
        boolean descending = line.get("descending").equals("1");
        Layout x = layout(line, "x");
        Layout outLayout = Layout.contiguous(x.shape());
        Storage values = cpu.allocate(t, outLayout.numel()), indices = cpu.allocate(DType.INT64, outLayout.numel());
        cpu.sort(storage(t, line, "x"), x, dim, descending, values, indices);
        String what = "sort " + t + " dim " + dim + (descending ? " descending" : "") + " of " + x;
        compare(what, t, cpu.toArray(values, outLayout), hex(line, "values"), 0, false);
        compare(what + " indices", DType.INT64, cpu.toArray(indices, outLayout), decimals(line, "indices"), 0, false);
    }

    private void pool(Map<String, String> line) {
        DType t = ElementBits.dtype(line.get("t"));
        int[] g = ints(line, "geometry");   // N C H W oH oW kH kW sH sW pH pW
        int[] in = {g[0], g[1], g[2], g[3]}, outShape = {g[0], g[1], g[4], g[5]};
        PoolGeometry geometry = new PoolGeometry(g[6], g[7], g[8], g[9], g[10], g[11]);
        Layout inLayout = Layout.contiguous(in), outLayout = Layout.contiguous(outShape);
        String what = "pool " + line.get("op") + " " + t + " " + Arrays.toString(g);
        switch (line.get("op")) {
            case "max" -> {
                Storage out = cpu.allocate(t, outLayout.numel()), idx = cpu.allocate(DType.INT64, outLayout.numel());
                cpu.maxPool2d(storage(t, line, "x"), in, geometry, out, idx, outShape);
                compare(what, t, cpu.toArray(out, outLayout), hex(line, "out"), 0, false);
                compare(what + " idx", DType.INT64, cpu.toArray(idx, outLayout), decimals(line, "idx"), 0, false);
            }
            case "avg" -> {
                Storage out = cpu.allocate(t, outLayout.numel());
                cpu.avgPool2d(storage(t, line, "x"), in, geometry, out, outShape);
                compare(what, t, cpu.toArray(out, outLayout), hex(line, "out"), 0, false);
            }
            case "avg_backward" -> {
                Storage dx = cpu.allocate(t, inLayout.numel());
                cpu.avgPool2dBackward(storage(t, line, "dy"), outShape, geometry, dx, in);
                compare(what, t, cpu.toArray(dx, inLayout), hex(line, "dx"), 0, false);
            }
            default -> throw new IllegalArgumentException("unknown pool op " + line.get("op"));
        }
    }

    /** Bit for bit, but logcumsumexp within {@link #LOGCUMSUMEXP_ULPS}. */
    private void scan(Map<String, String> line) {
        ScanOp op = ScanOp.valueOf(line.get("op").toUpperCase(Locale.ROOT));
        DType t = ElementBits.dtype(line.get("t"));
        int dim = Integer.parseInt(line.get("dim"));
        Layout x = new Layout(ints(line, "shape"), ints(line, "strides"), Integer.parseInt(line.get("offset")));
        Layout outLayout = Layout.contiguous(x.shape());
        Storage out = cpu.allocate(t, outLayout.numel());
        Storage idx = op.hasIndices() ? cpu.allocate(DType.INT64, outLayout.numel()) : null;
        cpu.scan(op, storage(t, line, "x"), x, dim, out, outLayout, idx);
        String what = "scan " + op + " " + t + " dim " + dim + " of " + x;
        compare(what, t, cpu.toArray(out, outLayout), hex(line, "out"), op == ScanOp.LOGCUMSUMEXP ? LOGCUMSUMEXP_ULPS : 0, false);
        if (idx != null) compare(what + " idx", DType.INT64, cpu.toArray(idx, outLayout), decimals(line, "idx"), 0, false);
    }

    /** A whole fill against the CPU backend's of the same seed and counter: uniform bit for bit. */
    private void randomFill(Map<String, String> line) {
        Distribution d = Distribution.valueOf(line.get("dist").toUpperCase(Locale.ROOT));
        DType t = ElementBits.dtype(line.get("t"));
        long seed = Long.parseLong(line.get("seed")), counter = Long.parseLong(line.get("counter"));
        List<Long> c = hex(line, "out");
        Storage out = cpu.allocate(t, c.size());
        cpu.random(d, seed, counter, out, c.size());
        compare("random " + d + " " + t + " seed " + seed + " counter " + counter, t,
                cpu.toArray(out, Layout.contiguous(c.size())), c, d == Distribution.NORMAL ? NORMAL_ULPS : 0, false);
    }

    private void compare(String what, DType dtype, Object javaValues, List<Long> c, int ulps, boolean zerosEqual) {
        int n = Array.getLength(javaValues);
        if (n != c.size()) {
            results.check(what + ": " + c.size() + " values from C, " + n + " from Java", DType.INT64, n, c.size(), 0);
            return;
        }
        for (int i = 0; i < n; i++) {
            long javaBits = ElementBits.bits(javaValues, i), cBits = c.get(i);
            if (zerosEqual && isZero(dtype, javaBits) && isZero(dtype, cBits)) cBits = javaBits;
            results.check(what + " [" + i + "]", dtype, javaBits, cBits, ulps);
        }
    }

    private static boolean isZero(DType dtype, long bits) {
        return switch (dtype) {
            case FLOAT32 -> Float.intBitsToFloat((int) bits) == 0;
            case FLOAT64 -> Double.longBitsToDouble(bits) == 0;
            case FLOAT16, BFLOAT16 -> (bits & 0x7fff) == 0;
            default -> bits == 0;
        };
    }

    private Storage storage(DType dtype, Map<String, String> line, String key) {
        return cpu.fromArray(ElementBits.array(dtype, hex(line, key)));
    }

    private Storage indexStorage(Map<String, String> line) {
        List<Long> values = decimals(line, "index");
        return cpu.fromArray(values.stream().mapToLong(Long::longValue).toArray());
    }

    private static Layout layout(Map<String, String> line, String operand) {
        return new Layout(ints(line, operand + "_shape"), ints(line, operand + "_strides"),
                Integer.parseInt(line.get(operand + "_offset")));
    }

    /** The fields of "KIND key=value key=value ...". */
    private static Map<String, String> fields(String[] f) {
        Map<String, String> map = new HashMap<>();
        for (int i = 1; i < f.length; i++) {
            int eq = f[i].indexOf('=');
            if (eq < 0) throw new IllegalArgumentException("field without '=' in a " + f[0] + " line: " + f[i]);
            map.put(f[i].substring(0, eq), f[i].substring(eq + 1));
        }
        return map;
    }

    private static int[] ints(Map<String, String> line, String key) {
        String v = value(line, key);
        return v.isEmpty() ? new int[0] : Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    private static List<Long> decimals(Map<String, String> line, String key) {
        String v = value(line, key);
        return v.isEmpty() ? List.of() : Arrays.stream(v.split(",")).map(Long::parseLong).toList();
    }

    private static List<Long> hex(Map<String, String> line, String key) {
        String v = value(line, key);
        return v.isEmpty() ? List.of() : Arrays.stream(v.split(",")).map(ElementBits::parse).toList();
    }

    private static String value(Map<String, String> line, String key) {
        String v = line.get(key);
        if (v == null) throw new IllegalArgumentException("host_check line without '" + key + "': " + line.keySet());
        return v;
    }
}
