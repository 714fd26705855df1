package dev.ember.nn.io;

import dev.ember.DType;
import dev.ember.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ImagesTest {
    /** One case of make_grid.txt, written by nn/src/test/python/make_grid_reference.py (torchvision 0.14's code). */
    private record Case(String name, Images.Grid options, Tensor input, int[] gridShape, float[] grid, int[] bytes) {}

    @Test
    void gridsAndBytesMatchTorchvision(@TempDir Path dir) throws IOException {
        List<Case> cases = cases();
        assertEquals(6, cases.size());
        for (Case c : cases) {
            Tensor grid = Images.makeGrid(c.input, c.options);
            assertArrayEquals(c.gridShape, grid.shape(), c.name);
            float[] got = grid.toFloatArray();
            for (int i = 0; i < got.length; i++) {
                assertEquals(c.grid[i], got[i], 1e-6, c.name + " element " + i);
            }
            Path png = dir.resolve(c.name + ".png");
            Images.save(c.input, png, c.options);
            Tensor back = Images.readPng(png);
            int[] shape = c.gridShape.length == 3 ? c.gridShape : new int[] {3, c.gridShape[0], c.gridShape[1]};
            assertArrayEquals(shape, back.shape(), c.name);
            float[] pixels = back.toFloatArray();
            for (int i = 0; i < pixels.length; i++) {
                assertEquals(c.bytes[i], Math.round(pixels[i] * 255), c.name + " byte " + i);
            }
        }
    }

    @Test
    void threeGreyImagesByHand() {
        // images 1x2: [1, 2], [3, 4], [5, 6]; two per row, padding 1 of 9: rows 2 * (1 + 1) + 1, cols 2 * (2 + 1) + 1
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 1, 1, 2);
        Tensor grid = Images.makeGrid(x, Images.Grid.defaults().nrow(2).padding(1).padValue(9));
        assertArrayEquals(new int[] {3, 5, 7}, grid.shape());
        float[] expected = {
                9, 9, 9, 9, 9, 9, 9,
                9, 1, 2, 9, 3, 4, 9,
                9, 9, 9, 9, 9, 9, 9,
                9, 5, 6, 9, 9, 9, 9,
                9, 9, 9, 9, 9, 9, 9};
        for (int ch = 0; ch < 3; ch++) assertArrayEquals(expected, grid.select(0, ch).contiguous().toFloatArray(), "channel " + ch);
        // normalised over the batch: 1 -> 0, 6 -> 1; the padding keeps its value
        Tensor norm = Images.makeGrid(x, Images.Grid.defaults().nrow(3).padding(0).normalize(true));
        assertArrayEquals(new float[] {0, 0.2f, 0.4f, 0.6f, 0.8f, 1}, norm.select(0, 1).contiguous().toFloatArray(), 1e-7f);
    }

    @Test
    void keepsDtypeRecordsNoGradientAndRejectsBadInput() {
        Tensor x = Tensor.rand(DType.FLOAT64, 2, 3, 4, 4).requiresGrad(true);
        Tensor grid = Images.makeGrid(x);
        assertEquals(DType.FLOAT64, grid.dtype());
        assertFalse(grid.requiresGrad());
        var e = assertThrows(IllegalArgumentException.class, () -> Images.makeGrid(Tensor.zeros(DType.INT64, 2, 1, 3, 3)));
        assertTrue(e.getMessage().contains("INT64") || e.getMessage().contains("int64"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Images.makeGrid(Tensor.zeros(1, 2, 1, 3, 3)));
        assertThrows(IllegalArgumentException.class, () -> Images.save(Tensor.zeros(2, 2, 3, 3), Path.of("never.png")));
        assertThrows(IllegalArgumentException.class, () -> Images.Grid.defaults().valueRange(1, -1));
    }

    private static List<Case> cases() throws IOException {
        List<Case> out = new ArrayList<>();
        try (var in = ImagesTest.class.getResourceAsStream("/dev/ember/nn/io/make_grid.txt");
             var r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                String[] head = line.split(" ");
                Images.Grid g = Images.Grid.defaults();
                for (int i = 2; i < head.length; i++) {
                    String[] kv = head[i].split("=");
                    g = switch (kv[0]) {
                        case "nrow" -> g.nrow(Integer.parseInt(kv[1]));
                        case "padding" -> g.padding(Integer.parseInt(kv[1]));
                        case "normalize" -> g.normalize(Boolean.parseBoolean(kv[1].toLowerCase()));
                        case "scale_each" -> g.scaleEach(Boolean.parseBoolean(kv[1].toLowerCase()));
                        case "pad_value" -> g.padValue(Double.parseDouble(kv[1]));
                        case "value_range" -> g.valueRange(Double.parseDouble(kv[1].split(",")[0]), Double.parseDouble(kv[1].split(",")[1]));
                        default -> throw new IllegalStateException("unknown option " + kv[0]);
                    };
                }
                String[] input = r.readLine().split(" ");
                String[] grid = r.readLine().split(" ");
                String[] bytes = r.readLine().split(" ");
                out.add(new Case(head[1], g, Tensor.of(floats(input), ints(input[1])), ints(grid[1]), floats(grid),
                        Arrays.stream(bytes).skip(1).mapToInt(Integer::parseInt).toArray()));
            }
        }
        return out;
    }

    private static int[] ints(String csv) { return Arrays.stream(csv.split(",")).mapToInt(Integer::parseInt).toArray(); }

    private static float[] floats(String[] fields) {
        float[] v = new float[fields.length - 2];
        for (int i = 0; i < v.length; i++) v[i] = Float.parseFloat(fields[i + 2]);
        return v;
    }
}
