package dev.ember.nn.train;

/**
 * A Gaussian-process regression on points of the unit cube, for Bayesian search: zero mean on normalised
 * targets, a Matern 5/2 kernel of unit variance, its length scale and noise chosen by the largest log marginal
 * likelihood over a small grid. Plain double arithmetic: the matrices are as small as the number of trials.
 */
final class GaussianProcess {
    /** Length scales per {@code sqrt(dims)} (distances in the cube grow as that), and noise variances, tried. */
    private static final double[] LENGTH_SCALES = {0.05, 0.1, 0.15, 0.25, 0.4, 0.6, 1.0, 1.6};
    private static final double[] NOISES = {1e-6, 1e-4, 1e-2, 1e-1};
    private static final double SQRT5 = Math.sqrt(5);

    private final double[][] x;
    private final double mean;
    private final double scale;
    private final double lengthScale;
    private final double[][] cholesky;
    private final double[] alpha;

    /** Fits {@code y} at {@code x} (rows of coordinates in [0, 1]). */
    GaussianProcess(double[][] x, double[] y) {
        this.x = x;
        int n = y.length;
        double m = 0;
        for (double v : y) m += v;
        m /= n;
        double var = 0;
        for (double v : y) var += (v - m) * (v - m);
        double sd = Math.sqrt(var / n);
        this.mean = m;
        this.scale = sd > 0 ? sd : 1;
        double[] z = new double[n];
        for (int i = 0; i < n; i++) z[i] = (y[i] - mean) / scale;

        double rootDims = Math.sqrt(x[0].length);
        double bestLikelihood = Double.NEGATIVE_INFINITY;
        double bestLength = Double.NaN;
        double[][] bestL = null;
        double[] bestAlpha = null;
        for (double l : LENGTH_SCALES) {
            double length = l * rootDims;
            double[][] k = kernelMatrix(length);
            for (double noise : NOISES) {
                double[][] chol = cholesky(k, noise);
                if (chol == null) continue;
                double[] a = solveUpper(chol, solveLower(chol, z));
                // log p(z) = -zᵀα/2 - Σ log L_ii - n/2 log 2π
                double likelihood = 0;
                for (int i = 0; i < n; i++) likelihood -= 0.5 * z[i] * a[i] + Math.log(chol[i][i]);
                if (likelihood > bestLikelihood) {
                    bestLikelihood = likelihood;
                    bestLength = length;
                    bestL = chol;
                    bestAlpha = a;
                }
            }
        }
        if (bestL == null) throw new IllegalStateException("internal: no kernel of the grid gave a positive definite matrix");
        this.lengthScale = bestLength;
        this.cholesky = bestL;
        this.alpha = bestAlpha;
    }

    double lengthScale() { return lengthScale; }

    /** The expected improvement below {@code best} (in the targets' units) at {@code point}: minimisation. */
    double expectedImprovement(double[] point, double best) {
        int n = x.length;
        double[] k = new double[n];
        for (int i = 0; i < n; i++) k[i] = matern(distance(point, x[i]), lengthScale);
        double mu = 0;
        for (int i = 0; i < n; i++) mu += k[i] * alpha[i];
        double[] v = solveLower(cholesky, k);
        double variance = 1;
        for (double vi : v) variance -= vi * vi;
        double sigma = Math.sqrt(Math.max(variance, 1e-12));
        double improvement = (best - mean) / scale - mu;
        double u = improvement / sigma;
        return scale * (improvement * normalCdf(u) + sigma * normalPdf(u));
    }

    private double[][] kernelMatrix(double length) {
        int n = x.length;
        double[][] k = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) k[i][j] = k[j][i] = matern(distance(x[i], x[j]), length);
        }
        return k;
    }

    static double matern(double r, double length) {
        double s = SQRT5 * r / length;
        return (1 + s + s * s / 3) * Math.exp(-s);
    }

    private static double distance(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) sum += (a[i] - b[i]) * (a[i] - b[i]);
        return Math.sqrt(sum);
    }

    /** The lower Cholesky factor of {@code k + noise I}, or null where it is not positive definite. */
    static double[][] cholesky(double[][] k, double noise) {
        int n = k.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = k[i][j] + (i == j ? noise : 0);
                for (int p = 0; p < j; p++) sum -= l[i][p] * l[j][p];
                if (i == j) {
                    if (!(sum > 0)) return null;
                    l[i][i] = Math.sqrt(sum);
                } else {
                    l[i][j] = sum / l[j][j];
                }
            }
        }
        return l;
    }

    /** {@code L⁻¹ b}. */
    static double[] solveLower(double[][] l, double[] b) {
        int n = b.length;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double sum = b[i];
            for (int p = 0; p < i; p++) sum -= l[i][p] * out[p];
            out[i] = sum / l[i][i];
        }
        return out;
    }

    /** {@code L⁻ᵀ b}. */
    static double[] solveUpper(double[][] l, double[] b) {
        int n = b.length;
        double[] out = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double sum = b[i];
            for (int p = i + 1; p < n; p++) sum -= l[p][i] * out[p];
            out[i] = sum / l[i][i];
        }
        return out;
    }

    static double normalPdf(double u) { return Math.exp(-0.5 * u * u) / Math.sqrt(2 * Math.PI); }

    /** Φ(u) = erfc(-u/√2)/2, erfc by Numerical Recipes' Chebyshev fit (relative error below 1.2e-7 everywhere). */
    static double normalCdf(double u) { return 0.5 * erfc(-u / Math.sqrt(2)); }

    private static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
