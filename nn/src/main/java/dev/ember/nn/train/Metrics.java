package dev.ember.nn.train;

import dev.ember.Autograd;
import dev.ember.Shape;
import dev.ember.Tensor;

/**
 * Evaluation metrics computed from whole prediction and target tensors, in float64 on the host.
 * Classification metrics take predictions as scores {@code [n, classes]} (the class is the argmax) or as class
 * indices {@code [n]}, and targets as class indices {@code [n]} or one-hot/probabilities {@code [n, classes]}.
 *
 * <pre>{@code
 * double acc = Metrics.accuracy(model.forward(x), labels);
 * double err = Metrics.rmse(model.forward(x), y);
 * }</pre>
 */
public final class Metrics {
    private Metrics() {}

    /** The fraction of examples whose predicted class is the target class. */
    public static double accuracy(Tensor predictions, Tensor targets) {
        long[] p = labels("predictions", predictions);
        long[] t = labels("targets", targets);
        if (p.length != t.length) throw new IllegalArgumentException("accuracy: " + p.length + " predictions but " + t.length + " targets");
        if (p.length == 0) return 0;
        long correct = 0;
        for (int i = 0; i < p.length; i++) if (p[i] == t[i]) correct++;
        return (double) correct / p.length;
    }

    /** Macro-averaged precision over {@code classes} classes. */
    public static double precision(Tensor predictions, Tensor targets, int classes) {
        return ConfusionMatrix.of(predictions, targets, classes).macroPrecision();
    }

    /** Macro-averaged recall over {@code classes} classes. */
    public static double recall(Tensor predictions, Tensor targets, int classes) {
        return ConfusionMatrix.of(predictions, targets, classes).macroRecall();
    }

    /** Macro-averaged F1 over {@code classes} classes. */
    public static double f1(Tensor predictions, Tensor targets, int classes) {
        return ConfusionMatrix.of(predictions, targets, classes).macroF1();
    }

    /** Mean absolute error; both tensors must have the same shape. */
    public static double mae(Tensor predictions, Tensor targets) {
        double[][] pt = pair("mae", predictions, targets);
        double sum = 0;
        for (int i = 0; i < pt[0].length; i++) sum += Math.abs(pt[0][i] - pt[1][i]);
        return sum / pt[0].length;
    }

    /** Root mean squared error; both tensors must have the same shape. */
    public static double rmse(Tensor predictions, Tensor targets) {
        double[][] pt = pair("rmse", predictions, targets);
        double sum = 0;
        for (int i = 0; i < pt[0].length; i++) {
            double d = pt[0][i] - pt[1][i];
            sum += d * d;
        }
        return Math.sqrt(sum / pt[0].length);
    }

    private static double[][] pair(String name, Tensor predictions, Tensor targets) {
        if (!java.util.Arrays.equals(predictions.shape(), targets.shape())) {
            throw new IllegalArgumentException(name + ": predictions " + Shape.str(predictions.shape()) + " and targets "
                    + Shape.str(targets.shape()) + " must have the same shape");
        }
        if (predictions.numel() == 0) throw new IllegalArgumentException(name + ": no examples");
        return new double[][] {predictions.toDoubleArray(), targets.toDoubleArray()};
    }

    /** Class indices from {@code [n]} indices or {@code [n, classes]} scores (argmax); named in errors as {@code what}. */
    static long[] labels(String what, Tensor t) {
        try (var noGrad = Autograd.noGrad()) {
            if (t.rank() == 2) return t.argmax(1, false).toLongArray();
            if (t.rank() == 1) {
                if (t.dtype().isFloating()) {
                    double[] v = t.toDoubleArray();
                    long[] out = new long[v.length];
                    for (int i = 0; i < v.length; i++) {
                        if (v[i] != Math.rint(v[i])) {
                            throw new IllegalArgumentException(what + ": a 1-D tensor must hold class indices, got " + v[i] + " at " + i);
                        }
                        out[i] = (long) v[i];
                    }
                    return out;
                }
                return t.toLongArray();
            }
        }
        throw new IllegalArgumentException(what + ": expected class indices [n] or scores [n, classes], got " + Shape.str(t.shape()));
    }
}
