package dev.ember.backend;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link HalfConversions} against PyTorch, bit for bit: every float16 and bfloat16 pattern to float32, and float32 to
 * both on some ten million patterns chosen to hit every tie, subnormal and overflow boundary (the sets are described
 * in {@code engine-api/src/test/python/half_conversions.py}, which made the hashes in
 * {@code half-conversions.txt}). A mismatch names the set, the conversion and the chunk of 65,536 inputs.
 */
class HalfConversionsTest {
    private static final int CHUNK = 65536;

    @Test
    void everyConversionMatchesPyTorchBitForBit() throws IOException {
        Map<String, String> expected = reference();
        List<String> mismatches = new ArrayList<>();
        int[] halves = new int[65536];
        for (int i = 0; i < halves.length; i++) halves[i] = i;
        check(expected, mismatches, "halves", "float16_to_float32", halves, 4,
                h -> Float.floatToRawIntBits(HalfConversions.float16ToFloat((short) h)));
        check(expected, mismatches, "halves", "bfloat16_to_float32", halves, 4,
                h -> Float.floatToRawIntBits(HalfConversions.bfloat16ToFloat((short) h)));
        Map<String, int[]> sets = new LinkedHashMap<>();
        sets.put("grid16", grid(13, 1 << 19, 0, 1, 0xFFF, 0x1000, 0x1001, 0x1FFF));
        sets.put("grid16b", grid(16, 1 << 16, 0, 1, 0x7FFF, 0x8000, 0x8001, 0xFFFF));
        sets.put("subnormal", subnormalRange());
        sets.put("random", splitmix64(0x5EED, 1 << 20));
        for (var set : sets.entrySet()) {
            check(expected, mismatches, set.getKey(), "float32_to_float16", set.getValue(), 2,
                    x -> HalfConversions.floatToFloat16(Float.intBitsToFloat(x)));
            check(expected, mismatches, set.getKey(), "float32_to_bfloat16", set.getValue(), 2,
                    x -> HalfConversions.floatToBfloat16(Float.intBitsToFloat(x)));
        }
        assertTrue(mismatches.isEmpty(), "chunks differing from PyTorch: " + mismatches);
        assertEquals(0, expected.size(), "reference lines no chunk was checked against: " + expected.keySet());
    }

    @Test
    void landmarks() {
        assertEquals(0x3C00, HalfConversions.floatToFloat16(1f));
        assertEquals(0x7BFF, HalfConversions.floatToFloat16(65519.99f));          // below the tie: 65504
        assertEquals(0x7C00, HalfConversions.floatToFloat16(65520f));             // the tie rounds to even: infinity
        assertEquals(0x0001, HalfConversions.floatToFloat16(0x1p-24f));           // the smallest subnormal
        assertEquals(0x0000, HalfConversions.floatToFloat16(0x1p-25f));           // its half ties to zero
        assertEquals((short) 0xFE00, HalfConversions.floatToFloat16(Float.intBitsToFloat(0xFFC00001)));
        assertEquals(0x3F80, HalfConversions.floatToBfloat16(1f));
        assertEquals(0x3F80, HalfConversions.floatToBfloat16(Float.intBitsToFloat(0x3F808000)));   // tie to even
        assertEquals(0x3F82, HalfConversions.floatToBfloat16(Float.intBitsToFloat(0x3F818000)));   // tie to even, up
        assertEquals((short) 0xFFFF, HalfConversions.floatToBfloat16(Float.NaN));
        assertEquals(65504f, HalfConversions.float16ToFloat((short) 0x7BFF));
        assertEquals(Float.intBitsToFloat(0x7FC02000), HalfConversions.float16ToFloat((short) 0x7C01));   // quieted
    }

    private static void check(Map<String, String> expected, List<String> mismatches, String set, String conversion,
                              int[] inputs, int outBytes, IntUnaryOperator convert) {
        ByteBuffer out = ByteBuffer.allocate(inputs.length * outBytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int x : inputs) {
            int y = convert.applyAsInt(x);
            if (outBytes == 4) out.putInt(y);
            else out.putShort((short) y);
        }
        byte[] all = out.array();
        int step = CHUNK * outBytes;
        for (int c = 0; c * step < all.length; c++) {
            String key = set + " " + conversion + " " + c;
            String want = expected.remove(key);
            String got = sha256(all, c * step, Math.min(step, all.length - c * step));
            if (!got.equals(want)) mismatches.add(key + (want == null ? " (no reference)" : ""));
        }
    }

    private static int[] grid(int shift, int count, int... deltas) {
        int[] out = new int[count * deltas.length];
        for (int i = 0, k = 0; i < count; i++) for (int d : deltas) out[k++] = (i << shift) | d;
        return out;
    }

    private static int[] subnormalRange() {
        int[] deltas = {0, 1, 0x7F, 0x80, 0x81, 0xFF};
        int[] out = new int[2 * 13 * (1 << 15) * deltas.length];
        int k = 0;
        for (int sign = 0; sign < 2; sign++) {
            for (int exponent = 101; exponent <= 113; exponent++) {
                for (int j = 0; j < 1 << 15; j++) {
                    for (int d : deltas) out[k++] = (sign << 31) | (exponent << 23) | (j << 8) | d;
                }
            }
        }
        return out;
    }

    private static int[] splitmix64(long seed, int n) {
        int[] out = new int[n];
        long state = seed;
        for (int i = 0; i < n; i++) {
            state += 0x9E3779B97F4A7C15L;
            long z = state;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            out[i] = (int) (z ^ (z >>> 31));
        }
        return out;
    }

    private static Map<String, String> reference() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (var in = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                HalfConversionsTest.class.getResourceAsStream("half-conversions.txt")), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("#") || line.isBlank()) continue;
                String[] f = line.split(" ");
                out.put(f[0] + " " + f[1] + " " + f[2], f[3]);
            }
        }
        return out;
    }

    private static String sha256(byte[] bytes, int from, int length) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(bytes, from, length);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
