package dev.ember.nn.train;

import dev.ember.DType;
import dev.ember.Tensor;
import dev.ember.nn.Stateful;
import dev.ember.nn.loss.Loss;
import dev.ember.nn.optim.Optimizer;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Hand-written stand-ins for the real optimizers, schedules and losses, so these tests need only the contracts. */
public final class TinyParts {
    private TinyParts() {}

    /** Heavy-ball SGD, as torch.optim.SGD(momentum=m): v = m v + g; p -= lr v. Its buffer is state a checkpoint must carry. */
    public static final class MomentumSgd extends Optimizer {
        private final double momentum;

        public MomentumSgd(List<Tensor> parameters, double lr, double momentum) {
            super(parameters, lr);
            this.momentum = momentum;
        }

        @Override
        protected Set<String> stateNames() { return Set.of("momentum_buffer"); }

        @Override
        protected void update(int index, Tensor parameter, Tensor grad, long step) {
            Tensor v = state(index, "momentum_buffer");
            v.mulInPlace(momentum).addInPlace(grad);
            parameter.subInPlace(v.mul(learningRate()));
        }
    }

    /** Halves the learning rate every {@code every} calls of {@link #step()}; its count is its state. */
    public static final class HalvingSchedule implements Stateful {
        private final Optimizer optimizer;
        private final double base;
        private final int every;
        private long count;

        public HalvingSchedule(Optimizer optimizer, int every) {
            this.optimizer = optimizer;
            this.base = optimizer.learningRate();
            this.every = every;
        }

        public void step() {
            count++;
            optimizer.setLearningRate(base * Math.pow(0.5, count / every));
        }

        public long count() { return count; }

        @Override
        public Map<String, Tensor> stateDict() { return Map.of("count", Tensor.scalar(DType.FLOAT64, count)); }

        @Override
        public void loadStateDict(Map<String, Tensor> state) {
            if (!state.containsKey("count")) throw new IllegalArgumentException("HalvingSchedule: no 'count' in " + state.keySet());
            count = (long) state.get("count").item();
        }
    }

    public static final Loss MSE = (p, t) -> p.sub(t).pow(2).mean();

    /** Cross-entropy of logits [n, c] against int64 class indices [n]. */
    public static final Loss CROSS_ENTROPY = (logits, target) ->
            logits.logSoftmax(1).gather(1, target.to(DType.INT64).reshape(-1, 1)).mean().neg();
}
