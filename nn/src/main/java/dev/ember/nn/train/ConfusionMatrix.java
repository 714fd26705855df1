package dev.ember.nn.train;

import dev.ember.Tensor;

import java.util.Locale;

/**
 * Counts of (actual class, predicted class) pairs, and the per-class and macro-averaged precision, recall and
 * F1 read from them. A class never predicted has precision 0, one never present has recall 0, and F1 is 0 where
 * precision and recall both are (scikit-learn's {@code zero_division=0}).
 *
 * <pre>{@code
 * ConfusionMatrix cm = ConfusionMatrix.of(logits, labels, 10);   // logits [n, 10], labels [n]
 * System.out.println(cm);                                         // the table
 * double f1 = cm.macroF1();
 * }</pre>
 */
public final class ConfusionMatrix {
    private final long[][] counts;

    /** An empty matrix for {@code classes} classes; fill it with {@link #add}. */
    public ConfusionMatrix(int classes) {
        if (classes < 1) throw new IllegalArgumentException("ConfusionMatrix needs at least 1 class, got " + classes);
        counts = new long[classes][classes];
    }

    /**
     * The matrix of {@code predictions} against {@code targets}; see {@link Metrics#labels} for the shapes
     * either may have.
     */
    public static ConfusionMatrix of(Tensor predictions, Tensor targets, int classes) {
        ConfusionMatrix m = new ConfusionMatrix(classes);
        m.add(predictions, targets);
        return m;
    }

    /** Adds a batch of pairs; returns this. */
    public ConfusionMatrix add(Tensor predictions, Tensor targets) {
        long[] predicted = Metrics.labels("predictions", predictions);
        long[] actual = Metrics.labels("targets", targets);
        if (predicted.length != actual.length) {
            throw new IllegalArgumentException("ConfusionMatrix: " + predicted.length + " predictions but " + actual.length + " targets");
        }
        for (int i = 0; i < actual.length; i++) {
            check("target", actual[i]);
            check("prediction", predicted[i]);
        }
        for (int i = 0; i < actual.length; i++) counts[(int) actual[i]][(int) predicted[i]]++;
        return this;
    }

    private void check(String what, long label) {
        if (label < 0 || label >= counts.length) {
            throw new IllegalArgumentException("ConfusionMatrix: " + what + " class " + label + " is outside [0, " + counts.length + ")");
        }
    }

    public int classes() { return counts.length; }

    /** How many examples of class {@code actual} were predicted as {@code predicted}. */
    public long count(int actual, int predicted) { return counts[actual][predicted]; }

    public long total() {
        long n = 0;
        for (long[] row : counts) for (long c : row) n += c;
        return n;
    }

    public double accuracy() {
        long correct = 0;
        for (int c = 0; c < counts.length; c++) correct += counts[c][c];
        long n = total();
        return n == 0 ? 0 : (double) correct / n;
    }

    /** Of the examples predicted as {@code c}, the fraction that are {@code c}. */
    public double precision(int c) {
        long predicted = 0;
        for (long[] row : counts) predicted += row[c];
        return predicted == 0 ? 0 : (double) counts[c][c] / predicted;
    }

    /** Of the examples of class {@code c}, the fraction predicted as {@code c}. */
    public double recall(int c) {
        long actual = 0;
        for (long v : counts[c]) actual += v;
        return actual == 0 ? 0 : (double) counts[c][c] / actual;
    }

    public double f1(int c) {
        double p = precision(c), r = recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public double macroPrecision() { return mean(this::precision); }

    public double macroRecall() { return mean(this::recall); }

    public double macroF1() { return mean(this::f1); }

    private double mean(java.util.function.IntToDoubleFunction perClass) {
        double sum = 0;
        for (int c = 0; c < counts.length; c++) sum += perClass.applyAsDouble(c);
        return sum / counts.length;
    }

    /** The table, rows the actual class and columns the predicted one. */
    @Override
    public String toString() {
        int width = Math.max(Long.toString(Math.max(total(), counts.length - 1)).length(), 4) + 1;
        StringBuilder s = new StringBuilder("actual \\ predicted\n");
        s.append(" ".repeat(width));
        for (int c = 0; c < counts.length; c++) s.append(pad(Integer.toString(c), width));
        for (int a = 0; a < counts.length; a++) {
            s.append('\n').append(pad(Integer.toString(a), width));
            for (long v : counts[a]) s.append(pad(Long.toString(v), width));
        }
        return s.toString();
    }

    /** Precision, recall and F1 for each class, their macro averages, and the accuracy, as a table. */
    public String report() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%8s %9s %9s %9s %9s%n", "class", "precision", "recall", "f1", "support"));
        for (int c = 0; c < counts.length; c++) {
            long support = 0;
            for (long v : counts[c]) support += v;
            s.append(String.format(Locale.ROOT, "%8d %9.4f %9.4f %9.4f %9d%n", c, precision(c), recall(c), f1(c), support));
        }
        s.append(String.format(Locale.ROOT, "%8s %9.4f %9.4f %9.4f %9d%n", "macro", macroPrecision(), macroRecall(), macroF1(), total()));
        s.append(String.format(Locale.ROOT, "%8s %29.4f %9d", "accuracy", accuracy(), total()));
        return s.toString();
    }

    private static String pad(String s, int width) { return " ".repeat(Math.max(0, width - s.length())) + s; }
}
