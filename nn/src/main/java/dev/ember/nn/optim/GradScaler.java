package dev.ember.nn.optim;

import dev.ember.Autograd;
import dev.ember.DType;
import dev.ember.MemoryScope;
import dev.ember.Tensor;
import dev.ember.nn.StateDictMismatch;
import dev.ember.nn.Stateful;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dynamic loss scaling for float16 training, PyTorch's {@code torch.cuda.amp.GradScaler}: the loss is multiplied by
 * a large factor before {@code backward()} so that small gradients do not underflow to zero in float16, the
 * gradients are divided by it again before the optimizer sees them, and a step whose gradients hold an inf or NaN is
 * skipped. The factor halves ({@code backoffFactor}) after every skipped step and doubles ({@code growthFactor})
 * after {@code growthInterval} steps in a row without one. Its state goes into checkpoints
 * ({@code Checkpoint.scaler}).
 *
 * <pre>{@code
 * GradScaler scaler = new GradScaler();
 * optimizer.zeroGrad();
 * scaler.scale(loss).backward();
 * scaler.step(optimizer);    // unscales; skips the step on inf or NaN
 * scaler.update();           // backs off or grows the scale
 * }</pre>
 */
public final class GradScaler implements Stateful {
    private double scale;
    private final double growthFactor;
    private final double backoffFactor;
    private final int growthInterval;
    private int growthTracker;
    private boolean unscaled;
    private boolean foundInf;

    /** PyTorch's defaults: scale 2^16, growth 2, backoff 0.5, growth interval 2000. */
    public GradScaler() { this(65536.0, 2.0, 0.5, 2000); }

    public GradScaler(double initScale, double growthFactor, double backoffFactor, int growthInterval) {
        if (!(initScale > 0) || Double.isInfinite(initScale)) throw new IllegalArgumentException("GradScaler: initScale must be finite and > 0, got " + initScale);
        if (!(growthFactor > 1) || Double.isInfinite(growthFactor)) throw new IllegalArgumentException("GradScaler: growthFactor must be finite and > 1, got " + growthFactor);
        if (!(backoffFactor > 0 && backoffFactor < 1)) throw new IllegalArgumentException("GradScaler: backoffFactor must be in (0, 1), got " + backoffFactor);
        if (growthInterval < 1) throw new IllegalArgumentException("GradScaler: growthInterval must be >= 1, got " + growthInterval);
        this.scale = initScale;
        this.growthFactor = growthFactor;
        this.backoffFactor = backoffFactor;
        this.growthInterval = growthInterval;
    }

    /** The current scale factor. */
    public double scale() { return scale; }

    /** {@code loss} times the scale, for {@code backward()}. */
    public Tensor scale(Tensor loss) { return loss.mul(scale); }

    /**
     * Divides every gradient of {@code optimizer}'s parameters by the scale, in place, and notes whether any is inf or
     * NaN (PyTorch's {@code unscale_}); call it before clipping gradients. Once per step: a second call before
     * {@link #update()} is refused.
     */
    public void unscale(Optimizer optimizer) {
        if (unscaled) throw new IllegalStateException("GradScaler.unscale: already called since the last update()");
        unscaled = true;
        double inverse = (float) (1.0 / scale);   // PyTorch multiplies by the float32 reciprocal
        try (var noGrad = Autograd.noGrad(); MemoryScope temporaries = MemoryScope.open()) {
            List<Tensor> bad = new ArrayList<>();
            for (Tensor p : optimizer.parameters()) {
                Tensor g = p.grad();
                if (g == null) continue;
                g.mulInPlace(inverse);
                bad.add(g.isfinite().all().logicalNot().reshape(1));
            }
            foundInf = !bad.isEmpty() && Tensor.cat(0, bad).any().item() != 0;   // one read back for all of them
        }
    }

    /**
     * Unscales (unless {@link #unscale} already did) and runs {@code optimizer.step()} unless a gradient is inf or NaN.
     * Returns whether the step ran.
     */
    public boolean step(Optimizer optimizer) {
        if (!unscaled) unscale(optimizer);
        if (foundInf) return false;
        optimizer.step();
        return true;
    }

    /** Adjusts the scale after a step: backs off when it was skipped, grows after {@code growthInterval} clean ones. */
    public void update() {
        if (foundInf) {
            scale *= backoffFactor;
            growthTracker = 0;
        } else if (++growthTracker == growthInterval) {
            scale *= growthFactor;
            growthTracker = 0;
        }
        unscaled = false;
        foundInf = false;
    }

    /** PyTorch's keys: {@code scale}, {@code growth_factor}, {@code backoff_factor}, {@code growth_interval}, {@code _growth_tracker}. */
    @Override
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("scale", Tensor.scalar(DType.FLOAT64, scale));
        out.put("growth_factor", Tensor.scalar(DType.FLOAT64, growthFactor));
        out.put("backoff_factor", Tensor.scalar(DType.FLOAT64, backoffFactor));
        out.put("growth_interval", Tensor.scalar(DType.INT64, (long) growthInterval));
        out.put("_growth_tracker", Tensor.scalar(DType.INT64, (long) growthTracker));
        return out;
    }

    /** Keys and dtypes as {@link #stateDict()}; the scale finite and > 0; the factors and interval this scaler's own. */
    @Override
    public StateDictMismatch checkStateDict(Map<String, Tensor> state) {
        StateDictMismatch keys = Stateful.compare(stateDict(), state);
        if (!keys.isEmpty()) return keys;
        List<String> mismatched = new ArrayList<>();
        double s = state.get("scale").item();
        if (!(s > 0) || Double.isInfinite(s)) mismatched.add("scale: " + s + " is not finite and > 0");
        if (state.get("growth_factor").item() != growthFactor) mismatched.add("growth_factor: saved " + state.get("growth_factor").item() + ", this scaler's is " + growthFactor);
        if (state.get("backoff_factor").item() != backoffFactor) mismatched.add("backoff_factor: saved " + state.get("backoff_factor").item() + ", this scaler's is " + backoffFactor);
        if (state.get("growth_interval").item() != growthInterval) mismatched.add("growth_interval: saved " + (long) state.get("growth_interval").item() + ", this scaler's is " + growthInterval);
        double tracker = state.get("_growth_tracker").item();
        if (!(tracker >= 0 && tracker < growthInterval)) mismatched.add("_growth_tracker: " + (long) tracker + " is not in [0, " + growthInterval + ")");
        return new StateDictMismatch(List.of(), List.of(), mismatched);
    }

    @Override
    public void loadStateDict(Map<String, Tensor> state) {
        StateDictMismatch problems = checkStateDict(state);
        if (!problems.isEmpty()) throw new IllegalArgumentException("GradScaler.loadStateDict: " + problems.summary() + "; nothing was loaded");
        scale = state.get("scale").item();
        growthTracker = (int) state.get("_growth_tracker").item();
        unscaled = false;
        foundInf = false;
    }
}
