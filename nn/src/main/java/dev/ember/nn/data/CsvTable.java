package dev.ember.nn.data;

import dev.ember.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * A numeric table read by {@link CsvReader}: the header's column names and the values, missing ones as NaN.
 *
 * <pre>{@code
 * CsvTable t = CsvReader.read(Path.of("housing.csv"));
 * Tensor x = t.features("price");      // float32 [rows, columns - 1], every column but price
 * Tensor y = t.target("price");        // float32 [rows]
 * }</pre>
 */
public final class CsvTable {
    private final List<String> columns;
    private final float[] values;
    private final int rows;

    CsvTable(List<String> columns, float[] values, int rows) {
        this.columns = List.copyOf(columns);
        this.values = values;
        this.rows = rows;
    }

    public List<String> columns() { return columns; }

    public int rows() { return rows; }

    /** The index of column {@code name}; throws listing the columns when there is none. */
    public int column(String name) {
        int i = columns.indexOf(name);
        if (i < 0) {
            String listed = columns.size() <= 20 ? columns.toString()
                    : columns.subList(0, 20).toString().replace("]", ", ... (" + columns.size() + " in all)]");
            throw new IllegalArgumentException("CsvTable: no column \"" + name + "\"; the columns are " + listed);
        }
        return i;
    }

    /** Every column, float32 {@code [rows, columns]}. */
    public Tensor values() { return Tensor.of(values.clone(), rows, columns.size()); }

    /** One column, float32 {@code [rows]}. */
    public Tensor target(String name) {
        int c = column(name);
        int cols = columns.size();
        float[] out = new float[rows];
        for (int r = 0; r < rows; r++) out[r] = values[r * cols + c];
        return Tensor.of(out, rows);
    }

    /** Every column but {@code target}, float32 {@code [rows, columns - 1]}, in the file's order. */
    public Tensor features(String target) {
        int skip = column(target);
        int cols = columns.size();
        float[] out = new float[rows * (cols - 1)];
        int k = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) if (c != skip) out[k++] = values[r * cols + c];
        }
        return Tensor.of(out, rows, cols - 1);
    }

    /** The names of {@link #features(String)}'s columns. */
    public List<String> featureNames(String target) {
        column(target);
        List<String> names = new ArrayList<>(columns);
        names.remove(target);
        return names;
    }

    /** {@link #features} as inputs and {@link #target} as targets. */
    public TensorDataset dataset(String target) { return new TensorDataset(features(target), target(target)); }
}
