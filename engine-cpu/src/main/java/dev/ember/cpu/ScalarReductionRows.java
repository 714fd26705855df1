package dev.ember.cpu;

import dev.ember.backend.ReduceOp;

/** Plain-Java {@link ReductionRows} for JVMs without the Vector API (and the reference its tests compare with). */
final class ScalarReductionRows implements ReductionRows {

    @Override
    public double reduce(ReduceOp op, float[] x, int start, int n) {
        double acc = ReductionRows.identity(op);
        switch (op) {
            case SUM -> { for (int i = start; i < start + n; i++) acc += x[i]; }
            case MAX -> { for (int i = start; i < start + n; i++) acc = Math.max(acc, x[i]); }
            case MIN -> { for (int i = start; i < start + n; i++) acc = Math.min(acc, x[i]); }
            default -> throw new IllegalArgumentException(op + " is not a dense reduction");
        }
        return acc;
    }

    @Override
    public double reduce(ReduceOp op, double[] x, int start, int n) {
        double acc = ReductionRows.identity(op);
        switch (op) {
            case SUM -> { for (int i = start; i < start + n; i++) acc += x[i]; }
            case MAX -> { for (int i = start; i < start + n; i++) acc = Math.max(acc, x[i]); }
            case MIN -> { for (int i = start; i < start + n; i++) acc = Math.min(acc, x[i]); }
            default -> throw new IllegalArgumentException(op + " is not a dense reduction");
        }
        return acc;
    }

    @Override
    public void accumulate(ReduceOp op, float[] x, int start, double[] acc, int n) {
        switch (op) {
            case SUM -> { for (int j = 0; j < n; j++) acc[j] += x[start + j]; }
            case MAX -> { for (int j = 0; j < n; j++) acc[j] = Math.max(acc[j], x[start + j]); }
            case MIN -> { for (int j = 0; j < n; j++) acc[j] = Math.min(acc[j], x[start + j]); }
            default -> throw new IllegalArgumentException(op + " is not a dense reduction");
        }
    }

    @Override
    public void accumulate(ReduceOp op, double[] x, int start, double[] acc, int n) {
        switch (op) {
            case SUM -> { for (int j = 0; j < n; j++) acc[j] += x[start + j]; }
            case MAX -> { for (int j = 0; j < n; j++) acc[j] = Math.max(acc[j], x[start + j]); }
            case MIN -> { for (int j = 0; j < n; j++) acc[j] = Math.min(acc[j], x[start + j]); }
            default -> throw new IllegalArgumentException(op + " is not a dense reduction");
        }
    }
}
