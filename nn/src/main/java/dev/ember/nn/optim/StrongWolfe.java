package dev.ember.nn.optim;

import dev.ember.Tensor;

import java.util.List;
import java.util.function.Supplier;

/**
 * PyTorch's {@code _strong_wolfe} line search for {@link LBFGS}, step for step: bracket a step {@code t} along
 * {@code d} that satisfies the strong Wolfe conditions ({@code c1 = 1e-4}, {@code c2 = 0.9}, at most 25
 * evaluations), then zoom into the bracket by safeguarded cubic interpolation. Each evaluation moves the
 * parameters to {@code x + t d}, runs the closure, and moves them back.
 */
final class StrongWolfe {
    private static final double C1 = 1e-4;
    private static final double C2 = 0.9;
    private static final int MAX_LS = 25;

    record Result(double loss, Tensor grad, double t, int evaluations) {}

    private final LBFGS optimizer;
    private final Supplier<Tensor> closure;
    private final List<Tensor> x;
    private final Tensor d;
    private double fNew;
    private Tensor gNew;

    StrongWolfe(LBFGS optimizer, Supplier<Tensor> closure, List<Tensor> x, Tensor d) {
        this.optimizer = optimizer;
        this.closure = closure;
        this.x = x;
        this.d = d;
    }

    /** The loss and flat gradient at {@code x + t d}; the parameters are back at {@code x} afterwards. */
    private double evaluate(double t) {
        optimizer.addGrad(t, d);
        fNew = optimizer.evaluate(closure).item();
        gNew = optimizer.gatherFlatGrad();
        optimizer.setParameters(x);
        return LBFGS.dot(gNew, d);
    }

    Result search(double t, double f, Tensor g, double gtd, double toleranceChange) {
        double dNorm = LBFGS.maxAbs(d);
        double gtdNew = evaluate(t);
        int evals = 1;
        double tPrev = 0, fPrev = f, gtdPrev = gtd;
        Tensor gPrev = g;
        boolean done = false;
        int lsIter = 0;
        double[] bracket = null, bracketF = null, bracketGtd = null;
        Tensor[] bracketG = null;
        while (lsIter < MAX_LS) {
            if (fNew > f + C1 * t * gtd || (lsIter > 1 && fNew >= fPrev)) {
                bracket = new double[] {tPrev, t};
                bracketF = new double[] {fPrev, fNew};
                bracketG = new Tensor[] {gPrev, gNew};
                bracketGtd = new double[] {gtdPrev, gtdNew};
                break;
            }
            if (Math.abs(gtdNew) <= -C2 * gtd) {
                bracket = new double[] {t};
                bracketF = new double[] {fNew};
                bracketG = new Tensor[] {gNew};
                done = true;
                break;
            }
            if (gtdNew >= 0) {
                bracket = new double[] {tPrev, t};
                bracketF = new double[] {fPrev, fNew};
                bracketG = new Tensor[] {gPrev, gNew};
                bracketGtd = new double[] {gtdPrev, gtdNew};
                break;
            }
            // extrapolate
            double minStep = t + 0.01 * (t - tPrev), maxStep = t * 10;
            double tmp = t;
            t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, minStep, maxStep);
            tPrev = tmp;
            fPrev = fNew;
            gPrev = gNew;
            gtdPrev = gtdNew;
            gtdNew = evaluate(t);
            evals++;
            lsIter++;
        }
        if (lsIter == MAX_LS) {
            // PyTorch leaves the bracket's directional derivatives unset here; the zoom below never runs, as lsIter is spent
            bracket = new double[] {0, t};
            bracketF = new double[] {f, fNew};
            bracketG = new Tensor[] {g, gNew};
        }
        // zoom
        boolean insufficientProgress = false;
        int low = bracketF[0] <= bracketF[bracketF.length - 1] ? 0 : 1, high = 1 - low;
        while (!done && lsIter < MAX_LS) {
            if (Math.abs(bracket[1] - bracket[0]) * dNorm < toleranceChange) break;
            t = cubicInterpolate(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1],
                    Math.min(bracket[0], bracket[1]), Math.max(bracket[0], bracket[1]));
            double hi = Math.max(bracket[0], bracket[1]), lo = Math.min(bracket[0], bracket[1]);
            double eps = 0.1 * (hi - lo);
            if (Math.min(hi - t, t - lo) < eps) {
                // close to a boundary: interpolate no further there than eps, unless progress was already poor
                if (insufficientProgress || t >= hi || t <= lo) {
                    t = Math.abs(t - hi) < Math.abs(t - lo) ? hi - eps : lo + eps;
                    insufficientProgress = false;
                } else {
                    insufficientProgress = true;
                }
            } else {
                insufficientProgress = false;
            }
            gtdNew = evaluate(t);
            evals++;
            lsIter++;
            if (fNew > f + C1 * t * gtd || fNew >= bracketF[low]) {
                bracket[high] = t;
                bracketF[high] = fNew;
                bracketG[high] = gNew;
                bracketGtd[high] = gtdNew;
                low = bracketF[0] <= bracketF[1] ? 0 : 1;
                high = 1 - low;
            } else {
                if (Math.abs(gtdNew) <= -C2 * gtd) {
                    done = true;
                } else if (gtdNew * (bracket[high] - bracket[low]) >= 0) {
                    bracket[high] = bracket[low];
                    bracketF[high] = bracketF[low];
                    bracketG[high] = bracketG[low];
                    bracketGtd[high] = bracketGtd[low];
                }
                bracket[low] = t;
                bracketF[low] = fNew;
                bracketG[low] = gNew;
                bracketGtd[low] = gtdNew;
            }
        }
        return new Result(bracketF[low], bracketG[low], bracket[low], evals);
    }

    /** The minimiser of the cubic through two points and their slopes, clamped to {@code [lo, hi]}; the middle when it has none. */
    static double cubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2, double lo, double hi) {
        double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
        double d2Square = d1 * d1 - g1 * g2;
        if (d2Square >= 0) {
            double d2 = Math.sqrt(d2Square);
            double minPos = x1 <= x2 ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
                    : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
            return Math.min(Math.max(minPos, lo), hi);
        }
        return (lo + hi) / 2;
    }
}
