package dev.ember.nn.train;

import dev.ember.Autocast;
import dev.ember.Autograd;
import dev.ember.DType;
import dev.ember.Generator;
import dev.ember.MemoryScope;
import dev.ember.Tensor;
import dev.ember.nn.Module;
import dev.ember.nn.Stateful;
import dev.ember.nn.data.Batch;
import dev.ember.nn.data.DataLoader;
import dev.ember.nn.io.Checkpoint;
import dev.ember.nn.loss.Loss;
import dev.ember.nn.optim.GradScaler;
import dev.ember.nn.optim.Optimizer;
import dev.ember.nn.optim.schedule.LearningRateSchedule;
import dev.ember.nn.optim.schedule.ReduceLROnPlateau;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training loop: for each epoch, train on every batch (train mode), then evaluate on the validation batches
 * (eval mode, no gradients), record the mean losses, the metrics and the learning rate in a {@link History},
 * step the schedule, checkpoint, and stop early when told to. Each batch's temporaries are released by a
 * {@link MemoryScope} as soon as the batch is done.
 *
 * <pre>{@code
 * History history = new Trainer(model, new CrossEntropyLoss(), new Adam(model.parameters(), 1e-3))
 *         .metric("accuracy", Metrics::accuracy)
 *         .earlyStopping(EarlyStopping.onValidationLoss(3))
 *         .checkpointEveryEpoch(Path.of("run.safetensors"))
 *         .progress(ProgressBar.auto())
 *         .fit(trainLoader, validationLoader, 20);
 * history.plot(Path.of("curves.png"));
 * }</pre>
 *
 * <p>A training step of one's own ({@link TrainingStep}) replaces the forward-backward-step on each training batch
 * and keeps the rest: {@link #step} for a model with one optimizer (per-example weights), or the constructor
 * {@link #Trainer(Module, TrainingStep, Optimizer...)} for several (a GAN), whose optimizers all go into the
 * checkpoints:
 * <pre>{@code
 * History h = new Trainer(gan, batch -> gan.trainingStep(batch, gOpt, dOpt), gOpt, dOpt)   // gan holds both networks
 *         .checkpointEveryEpoch(Path.of("gan.safetensors"))
 *         .fit(loader, null, 50);
 * }</pre>
 */
public final class Trainer {
    /** Called after each epoch with the epoch (from 1) and the history so far. */
    @FunctionalInterface
    public interface EpochListener {
        void epochEnded(int epoch, History history);
    }

    private final Module model;
    private final Loss loss;
    private final List<Optimizer> optimizers;
    private TrainingStep trainingStep;
    private TrainingStep validationStep;
    private final Map<String, Metric> metrics = new LinkedHashMap<>();
    private final List<EpochListener> listeners = new ArrayList<>();
    private Stateful schedule;
    private Runnable scheduleStep;
    private Runnable batchScheduleStep;
    private Generator generator;
    private DType autocast;
    private GradScaler scaler;
    private EarlyStopping earlyStopping;
    private Path checkpointPath;
    private ProgressBar progress = ProgressBar.off();
    private History history = new History();
    private int completedEpochs;
    private int stoppedEpoch;
    private final List<Double> trainingSeconds = new ArrayList<>();
    private Replicas replicas;

    public Trainer(Module model, Loss loss, Optimizer optimizer) {
        if (model == null || loss == null || optimizer == null) throw new IllegalArgumentException("Trainer needs a model, a loss and an optimizer");
        this.model = model;
        this.loss = loss;
        this.optimizers = List.of(optimizer);
    }

    /**
     * A trainer whose every training batch goes to {@code step}, which steps {@code optimizers} itself. {@code model}
     * is what the trainer puts in train or eval mode, checkpoints and restores for early stopping: for a GAN a
     * module holding both networks. The optimizers are saved with it ({@code optimizer.<i>.} in the file when there
     * are several) and their learning rates recorded as {@code lr}, {@code lr_1}, {@code lr_2}... Validation data
     * needs a {@link #validationStep}.
     */
    public Trainer(Module model, TrainingStep step, Optimizer... optimizers) {
        if (model == null || step == null) throw new IllegalArgumentException("Trainer needs a model and a training step");
        for (Optimizer o : optimizers) if (o == null) throw new IllegalArgumentException("Trainer: an optimizer is null");
        this.model = model;
        this.loss = null;
        this.optimizers = List.of(optimizers);
        this.trainingStep = step;
    }

    /**
     * Trains each batch with {@code step} instead of the forward, loss, backward and optimizer step this trainer
     * would do; validation keeps using the model and the loss. {@code step} steps this trainer's optimizer itself.
     */
    public Trainer step(TrainingStep step) {
        if (step == null) throw new IllegalArgumentException("Trainer.step: the step is null");
        this.trainingStep = step;
        return this;
    }

    /** Evaluates each validation batch with {@code step} (eval mode, no gradients) instead of the model and the loss. */
    public Trainer validationStep(TrainingStep step) {
        if (step == null) throw new IllegalArgumentException("Trainer.validationStep: the step is null");
        this.validationStep = step;
        return this;
    }

    /** The step this trainer takes without one of the user's: forward, loss, backward, optimizer step. */
    private TrainingStep.Result defaultStep(Batch batch, boolean training) {
        Tensor output, value;
        try (Autocast amp = autocast == null ? null : Autocast.enable(autocast)) {
            output = model.forward(batch.inputs());
            value = loss.apply(output, batch.targets());
        }
        if (value.numel() != 1) {
            throw new IllegalArgumentException("Trainer: the loss must be a scalar (reduction mean or sum), got shape "
                    + java.util.Arrays.toString(value.shape()));
        }
        if (training) {
            Optimizer optimizer = optimizers.getFirst();
            optimizer.zeroGrad();
            if (scaler == null) {
                value.backward();
                optimizer.step();
            } else {
                scaler.scale(value).backward();
                scaler.step(optimizer);
                scaler.update();
            }
            optimizer.zeroGrad(); // releases the gradients now rather than at the next step
        }
        return TrainingStep.Result.of(value, output);
    }

    /**
     * A learning-rate schedule: {@code stepAfterEpoch} runs after every epoch, and {@code schedule}'s state goes
     * into checkpoints. Usually {@code trainer.schedule(s, s::step)}.
     */
    public Trainer schedule(Stateful schedule, Runnable stepAfterEpoch) {
        this.schedule = schedule;
        this.scheduleStep = stepAfterEpoch;
        this.batchScheduleStep = null;
        return this;
    }

    /** A learning-rate schedule stepped after every epoch and saved in checkpoints. */
    public Trainer schedule(LearningRateSchedule schedule) {
        return schedule(schedule, schedule::step);
    }

    /**
     * A schedule stepped after every optimizer step (every training batch), as {@code OneCycleLR} is meant to
     * be; saved in checkpoints. It replaces any schedule set before.
     */
    public Trainer schedulePerBatch(LearningRateSchedule schedule) {
        schedule(schedule, null);
        this.batchScheduleStep = schedule::step;
        return this;
    }

    /** {@code ReduceLROnPlateau} stepped after every epoch with {@code val_loss} (so it needs validation data). */
    public Trainer schedule(ReduceLROnPlateau schedule) { return schedule(schedule, "val_loss"); }

    /** {@code ReduceLROnPlateau} stepped after every epoch with {@code monitor}'s value from the history (e.g. {@code "loss"}). */
    public Trainer schedule(ReduceLROnPlateau schedule, String monitor) {
        return schedule(schedule, () -> {
            if (!history.has(monitor)) {
                throw new IllegalArgumentException("ReduceLROnPlateau monitors '" + monitor + "', which the history does not have: "
                        + history.metrics() + (monitor.startsWith("val_") ? " (no validation data given?)" : ""));
            }
            schedule.step(history.last(monitor));
        });
    }

    /** Records {@code name} on the training predictions and {@code val_<name>} on the validation ones, each epoch. */
    public Trainer metric(String name, Metric metric) {
        if (name == null || name.isEmpty() || name.equals("loss") || isRate(name) || name.startsWith("val_")) {
            throw new IllegalArgumentException("Trainer.metric: '" + name + "' is not a free metric name (loss, lr, lr_<i> and val_* are taken)");
        }
        metrics.put(name, metric);
        return this;
    }

    /** The generator that shuffles or augments the data, saved with checkpoints so a resumed run draws the same. */
    public Trainer generator(Generator generator) {
        this.generator = generator;
        return this;
    }

    public Trainer earlyStopping(EarlyStopping rule) {
        this.earlyStopping = rule;
        return this;
    }

    /**
     * Mixed precision: the forward passes and losses run inside {@code Autocast.enable(dtype)} (float16 or
     * bfloat16; null turns it off), PyTorch's {@code torch.autocast}; the weights stay in their own dtype.
     */
    public Trainer autocast(DType dtype) {
        if (dtype != null && !dtype.isHalf()) throw new IllegalArgumentException("Trainer.autocast: float16 or bfloat16, not " + dtype);
        this.autocast = dtype;
        return this;
    }

    /**
     * Dynamic loss scaling (for float16 autocast): each step backpropagates {@code scaler.scale(loss)}, steps
     * through {@code scaler.step(optimizer)} (skipped on inf or NaN gradients) and calls {@code scaler.update()};
     * the scaler's state goes into checkpoints. Null turns it off. A step of the user's own ({@link #step}) scales its
     * loss itself; {@link #autocast} applies to it too.
     */
    public Trainer gradScaler(GradScaler scaler) {
        this.scaler = scaler;
        return this;
    }

    /** Saves a {@link Checkpoint} to {@code path} (atomically replacing the last one) after every epoch. */
    public Trainer checkpointEveryEpoch(Path path) {
        this.checkpointPath = path;
        return this;
    }

    public Trainer progress(ProgressBar bar) {
        this.progress = bar == null ? ProgressBar.off() : bar;
        return this;
    }

    /**
     * Trains as one of several data-parallel ranks (the model a {@code DistributedDataParallel}, the loader's sampler
     * a {@code DistributedSampler}): each epoch's losses and metrics are averaged over the ranks, only the leader shows
     * progress and writes checkpoints, and the leader's early-stopping decision stops every rank.
     */
    public Trainer distributed(Replicas replicas) {
        this.replicas = replicas;
        return this;
    }

    public Trainer onEpochEnd(EpochListener listener) {
        listeners.add(listener);
        return this;
    }

    /**
     * Restores model, optimizer, schedule and generator from a checkpoint {@link #checkpointEveryEpoch} wrote;
     * the next {@link #fit} continues after its epoch with its history. Early stopping's count starts afresh.
     * A file that does not fit this trainer's objects throws {@link dev.ember.nn.io.CheckpointException}
     * listing every problem, and restores nothing.
     */
    public Trainer resume(Path checkpoint) throws IOException {
        Checkpoint.Restored r = checkpoint().load(checkpoint);
        completedEpochs = r.epoch();
        history = History.of(r.history());
        return this;
    }

    private Checkpoint checkpoint() {
        return Checkpoint.of(model, optimizers).scheduler(schedule).generator(generator).scaler(scaler);
    }

    /** The history's name of optimizer {@code i}'s learning rate. */
    private static String rateName(int i) { return i == 0 ? "lr" : "lr_" + i; }

    private static boolean isRate(String name) { return name.equals("lr") || name.matches("lr_[0-9]+"); }

    /** Wall-clock seconds of each training pass this trainer ran (validation not included), for timing runs. */
    public List<Double> trainingSeconds() { return List.copyOf(trainingSeconds); }

    /** The epoch (from 1) after which early stopping ended the last fit, or 0 when it ran all its epochs. */
    public int stoppedEpoch() { return stoppedEpoch; }

    /**
     * Trains until {@code epochs} epochs in all are done (counting those of a resumed checkpoint) or early
     * stopping ends it. {@code validation} may be null.
     */
    public History fit(Iterable<Batch> train, Iterable<Batch> validation, int epochs) {
        if (epochs < 0) throw new IllegalArgumentException("Trainer.fit: epochs must be >= 0, got " + epochs);
        if (validation != null && loss == null && validationStep == null) {
            throw new IllegalArgumentException("Trainer.fit: validation data, but no loss to evaluate it with: give a validationStep");
        }
        stoppedEpoch = 0;
        BestWeights best = earlyStopping == null ? null : new BestWeights(earlyStopping);
        int knownBatches = train instanceof DataLoader loader ? loader.batchesPerEpoch()
                : train instanceof Collection<?> c ? c.size() : -1;
        try {
            for (int epoch = completedEpochs + 1; epoch <= epochs; epoch++) {
                // a loader's order depends on the epoch alone, so a resumed run sees the batches the straight one would
                if (train instanceof DataLoader loader) loader.setEpoch(epoch - 1);
                shownProgress().startEpoch(epoch, epochs, knownBatches);
                Map<String, Double> row = new LinkedHashMap<>();
                for (int i = 0; i < optimizers.size(); i++) row.put(rateName(i), optimizers.get(i).learningRate());
                long start = System.nanoTime();
                knownBatches = runEpoch(train, true, row);
                trainingSeconds.add((System.nanoTime() - start) / 1e9);
                if (validation != null) runEpoch(validation, false, row);
                if (replicas != null) averageOverReplicas(row);
                row.forEach(history::add);
                completedEpochs = epoch;
                if (scheduleStep != null) scheduleStep.run();
                if (checkpointPath != null && leads()) saveCheckpoint(epoch);
                Map<String, Double> shown = new LinkedHashMap<>(row);
                shown.keySet().removeIf(Trainer::isRate);
                shownProgress().endEpoch(shown);
                for (EpochListener l : listeners) l.epochEnded(epoch, history);
                if (best != null && agreed(best.stop(epoch, history))) {
                    stoppedEpoch = epoch;
                    break;
                }
            }
        } finally {
            model.train();
        }
        if (best != null) best.restore();
        return history;
    }

    /** Runs one pass; puts the mean loss and the metrics into {@code row}; returns the number of batches. */
    private int runEpoch(Iterable<Batch> batches, boolean training, Map<String, Double> row) {
        String prefix = training ? "" : "val_";
        model.train(training);
        TrainingStep custom = training ? trainingStep : validationStep;
        double lossSum = 0;
        Map<String, Double> valueSums = new LinkedHashMap<>();
        long examples = 0;
        int count = 0;
        List<Tensor> predictions = new ArrayList<>();
        List<Tensor> targets = new ArrayList<>();
        try (MemoryScope epochScope = MemoryScope.open(); var grad = training ? Autograd.enableGrad() : Autograd.noGrad()) {
            Iterator<Batch> it = batches.iterator();
            while (true) {
                try (MemoryScope batchScope = MemoryScope.open()) {
                    if (!it.hasNext()) break;
                    Batch batch = it.next(); // made inside the scope, so a loader's fresh batch tensors are freed with it
                    TrainingStep.Result result;
                    if (custom == null) {
                        result = defaultStep(batch, training);
                    } else {
                        try (Autocast amp = autocast == null ? null : Autocast.enable(autocast)) { result = custom.apply(batch); }
                    }
                    if (result == null) throw new IllegalStateException("Trainer: the " + (training ? "training" : "validation") + " step returned null");
                    if (training && batchScheduleStep != null) batchScheduleStep.run();
                    int n = batch.size();
                    lossSum += result.loss() * n;
                    for (var e : result.values().entrySet()) {
                        checkValueName(e.getKey());
                        valueSums.merge(e.getKey(), e.getValue() * n, Double::sum);
                    }
                    examples += n;
                    count++;
                    if (!metrics.isEmpty()) {
                        if (result.predictions() == null) {
                            throw new IllegalStateException("Trainer: metrics " + metrics.keySet() + " need predictions, but the "
                                    + (training ? "training" : "validation") + " step returned none (TrainingStep.Result.of(loss, predictions))");
                        }
                        predictions.add(batchScope.keep(result.predictions().detach()));
                        targets.add(batchScope.keep(batch.targets().detach()));
                    }
                    if (training) shownProgress().batch(count, examples, lossSum / examples);
                }
            }
            if (examples == 0) throw new IllegalArgumentException("Trainer: the " + (training ? "training" : "validation") + " data yielded no examples");
            row.put(prefix + "loss", lossSum / examples);
            for (var e : valueSums.entrySet()) row.put(prefix + e.getKey(), e.getValue() / examples);
            if (!metrics.isEmpty()) {
                Tensor p = Tensor.cat(0, predictions);
                Tensor t = Tensor.cat(0, targets);
                metrics.forEach((name, m) -> row.put(prefix + name, m.compute(p, t)));
            }
        }
        return count;
    }

    private void checkValueName(String name) {
        if (name == null || name.isEmpty() || name.equals("loss") || isRate(name) || name.startsWith("val_") || metrics.containsKey(name)) {
            throw new IllegalArgumentException("Trainer: a step's value '" + name + "' is not a free name (loss, lr, lr_<i>, val_* and the metrics' are taken)");
        }
    }

    // ---- data-parallel ranks (see distributed(Replicas)) ----

    private boolean leads() { return replicas == null || replicas.isLeader(); }

    private ProgressBar shownProgress() { return leads() ? progress : ProgressBar.off(); }

    private boolean agreed(boolean decision) { return replicas == null ? decision : replicas.leaderDecides(decision); }

    private void averageOverReplicas(Map<String, Double> row) {
        double[] values = row.values().stream().mapToDouble(Double::doubleValue).toArray();
        double[] averaged = replicas.average(values);
        int i = 0;
        for (var entry : row.entrySet()) entry.setValue(averaged[i++]);
    }

    private void saveCheckpoint(int epoch) {
        try {
            checkpoint().save(checkpointPath, epoch, history.asMap());
        } catch (IOException e) {
            throw new UncheckedIOException("Trainer: could not write the checkpoint of epoch " + epoch + " to " + checkpointPath, e);
        }
    }

    /** Early stopping's bookkeeping: the best value so far, the epochs since, and a copy of the best weights. */
    private final class BestWeights {
        private final EarlyStopping rule;
        private double best = Double.NaN;
        private int bestEpoch;
        private int wait;
        private Map<String, Tensor> weights;

        BestWeights(EarlyStopping rule) { this.rule = rule; }

        boolean stop(int epoch, History history) {
            if (!history.has(rule.monitor())) {
                throw new IllegalArgumentException("EarlyStopping monitors '" + rule.monitor() + "', which the history does not have: "
                        + history.metrics() + (rule.monitor().startsWith("val_") ? " (no validation data given?)" : ""));
            }
            double value = history.last(rule.monitor());
            if (rule.improves(value, best)) {
                best = value;
                bestEpoch = epoch;
                wait = 0;
                if (rule.restoreBestWeights()) keepWeights();
                return false;
            }
            return ++wait >= rule.patience();
        }

        private void keepWeights() {
            Map<String, Tensor> copy = new LinkedHashMap<>();
            try (var noGrad = Autograd.noGrad()) {
                model.stateDict().forEach((k, v) -> copy.put(k, MemoryScope.unscoped(v.copy())));
            }
            if (weights != null) weights.values().forEach(Tensor::close);
            weights = copy;
        }

        void restore() {
            if (weights == null) return;
            model.loadStateDict(weights);
            weights.values().forEach(Tensor::close);
            weights = null;
        }
    }
}
