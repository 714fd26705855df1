package dev.ember;

/**
 * Batch norm with batch statistics as one op (PyTorch's {@code native_batch_norm}): one backend kernel each way
 * instead of the ten or so passes over the input that the composite of mean, centre, square, mean, rsqrt, scale
 * and shift takes, and as many again for its gradient. The rule: {@code dx = w invStd (g - mean(g) - xhat
 * mean(g xhat))}, {@code dw = sum(g xhat)}, {@code db = sum(g)}, through the backward kernel; when the gradient is
 * itself recorded (gradients of gradients), the same formula in tensor ops on statistics recomputed from {@code x},
 * so that it can be differentiated again.
 */
final class BatchNormalization {
    private BatchNormalization() {}

    static Tensor.BatchNorm batchNorm(Tensor x, Tensor weight, Tensor bias, double eps) {
        String op = "batchNorm";
        Ops.requireFloating(op, x);
        if (x.rank() < 2) {
            throw new IllegalArgumentException(op + ": expected input [N, C, ...], got " + Shape.str(x.shape()));
        }
        if (!(eps > 0)) throw new IllegalArgumentException(op + ": eps must be positive, got " + eps);
        int n = x.size(0);
        int c = x.size(1);
        int inner = c == 0 || n == 0 ? 0 : Shape.dimOf(op, x.shape(), x.numel() / n / c);
        if ((long) n * inner <= 1) {
            throw new IllegalArgumentException(op + ": expected more than 1 value per channel, got input of shape "
                    + Shape.str(x.shape()));
        }
        checkChannel(op, "weight", weight, x);
        checkChannel(op, "bias", bias, x);
        Tensor xc = Ops.packed(x);
        Tensor wc = weight == null ? null : Ops.packed(weight);
        Tensor bc = bias == null ? null : Ops.packed(bias);
        Tensor out = Ops.empty(xc, xc.dtype(), xc.shape());
        Tensor mean = Ops.empty(xc, xc.dtype(), new int[] {c});
        Tensor var = Ops.empty(xc, xc.dtype(), new int[] {c});
        xc.backend().batchNorm(xc.storage(), n, c, inner, wc == null ? null : wc.storage(), bc == null ? null : bc.storage(),
                eps, out.storage(), mean.storage(), var.storage());
        Tensor[] saved = wc == null ? new Tensor[] {xc, mean, var} : new Tensor[] {xc, mean, var, wc};
        Tensor y = Ops.record(op, out, new Tensor[] {xc, wc, bc}, saved, (g, needs) -> GradMode.enabled()
                ? recordedGradient(g, xc, wc, eps, needs)
                : kernelGradient(g, xc, mean, var, wc, eps, needs));
        return new Tensor.BatchNorm(y, mean, var);
    }

    private static void checkChannel(String op, String what, Tensor t, Tensor x) {
        if (t == null) return;
        Ops.sameDevice(op, x, t);
        if (t.rank() != 1 || t.size(0) != x.size(1)) {
            throw new IllegalArgumentException(op + ": " + what + " must have shape [" + x.size(1) + "] for input "
                    + Shape.str(x.shape()) + ", got " + Shape.str(t.shape()));
        }
        if (t.dtype() != x.dtype()) {
            throw new DTypeException(op + ": " + what + " is " + t.dtype() + " but the input is " + x.dtype());
        }
    }

    private static Tensor[] kernelGradient(Tensor g, Tensor x, Tensor mean, Tensor var, Tensor w, double eps, boolean[] needs) {
        Tensor gc = Ops.packed(g.to(x.dtype()));
        int n = x.size(0);
        int c = x.size(1);
        int inner = (int) (x.numel() / n / c);   // checked by the forward
        Tensor dx = needs[0] ? Ops.empty(x, x.dtype(), x.shape()) : null;
        Tensor dw = needs[1] ? Ops.empty(x, x.dtype(), new int[] {c}) : null;
        Tensor db = needs.length > 2 && needs[2] ? Ops.empty(x, x.dtype(), new int[] {c}) : null;
        x.backend().batchNormBackward(gc.storage(), x.storage(), n, c, inner, mean.storage(), var.storage(),
                w == null ? null : w.storage(), eps, dx == null ? null : dx.storage(), dw == null ? null : dw.storage(),
                db == null ? null : db.storage());
        return new Tensor[] {dx, dw, db};
    }

    /** The same gradient in tensor ops, recorded: its statistics come from {@code x} again, so they carry x's graph. */
    private static Tensor[] recordedGradient(Tensor g, Tensor x, Tensor w, double eps, boolean[] needs) {
        int n = x.size(0);
        int c = x.size(1);
        Tensor x3 = x.reshape(n, c, -1);
        Tensor g3 = g.reshape(n, c, -1);
        int[] dims = {0, 2};
        Tensor centered = x3.sub(x3.mean(dims, true));
        Tensor invStd = centered.mul(centered).mean(dims, true).add(eps).rsqrt();
        Tensor xhat = centered.mul(invStd);
        Tensor dx = null;
        if (needs[0]) {
            Tensor gw = w == null ? g3 : g3.mul(w.reshape(1, c, 1));
            dx = gw.sub(gw.mean(dims, true)).sub(xhat.mul(gw.mul(xhat).mean(dims, true))).mul(invStd).reshape(x.shape());
        }
        Tensor dw = needs[1] ? g3.mul(xhat).sum(dims, false) : null;
        Tensor db = needs.length > 2 && needs[2] ? g3.sum(dims, false) : null;
        return new Tensor[] {dx, dw, db};
    }
}
