package dev.ember.nn.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a training run measured, one value per epoch for each metric: {@code loss}, {@code val_loss}, the
 * metrics' names and their {@code val_} counterparts, and {@code lr}, as Keras names them.
 *
 * <pre>{@code
 * History h = trainer.fit(train, validation, 10);
 * double best = Collections.min(h.get("val_loss"));
 * h.plot(Path.of("curves.png"));
 * }</pre>
 */
public final class History {
    private final Map<String, List<Double>> values = new LinkedHashMap<>();

    public History() {}

    /** A history holding {@code values} (as {@link #asMap()} returns them, e.g. from a checkpoint). */
    public static History of(Map<String, List<Double>> values) {
        History h = new History();
        values.forEach((k, v) -> h.values.put(k, new ArrayList<>(v)));
        return h;
    }

    /** Appends one epoch's value of {@code metric}. */
    public void add(String metric, double value) {
        values.computeIfAbsent(metric, k -> new ArrayList<>()).add(value);
    }

    /** Every epoch's value of {@code metric}, oldest first; throws naming the metrics there are when absent. */
    public List<Double> get(String metric) {
        List<Double> v = values.get(metric);
        if (v == null) throw new IllegalArgumentException("no metric '" + metric + "' in the history; it has " + values.keySet());
        return Collections.unmodifiableList(v);
    }

    public boolean has(String metric) { return values.containsKey(metric); }

    /** The latest value of {@code metric}. */
    public double last(String metric) {
        List<Double> v = get(metric);
        return v.get(v.size() - 1);
    }

    /** The metric names, in the order first recorded. */
    public List<String> metrics() { return List.copyOf(values.keySet()); }

    /** The number of epochs recorded (the longest metric list). */
    public int epochs() {
        int n = 0;
        for (List<Double> v : values.values()) n = Math.max(n, v.size());
        return n;
    }

    /** A copy of every metric's values. */
    public Map<String, List<Double>> asMap() {
        Map<String, List<Double>> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return out;
    }

    /**
     * Writes the loss curves (train and validation) and, where recorded, the accuracy curves per epoch as one
     * PNG, atomically; runs headless. Needs the {@code java.desktop} module: see {@link #canPlot()}.
     */
    public void plot(Path png) throws IOException {
        if (!canPlot()) throw new UnsupportedOperationException("History.plot(" + png + "): this Java runtime has no"
                + " java.desktop module (AWT), which drawing the PNG needs; run on a full JDK, or check History.canPlot() first");
        HistoryPlot.write(this, png);
    }

    /**
     * Whether {@link #plot} can run here: it draws with AWT, which a Java runtime without the {@code java.desktop}
     * module lacks (Ember's self-contained GPU bundle leaves it out to stay small).
     */
    public static boolean canPlot() {
        return ModuleLayer.boot().findModule("java.desktop").isPresent();
    }

    /** One line per epoch with every metric. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (int e = 0; e < epochs(); e++) {
            if (e > 0) s.append('\n');
            s.append("epoch ").append(e + 1);
            for (var m : values.entrySet()) {
                if (e < m.getValue().size()) s.append(String.format(Locale.ROOT, "  %s %.4g", m.getKey(), m.getValue().get(e)));
            }
        }
        return s.toString();
    }
}
