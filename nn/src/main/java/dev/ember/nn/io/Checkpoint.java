package dev.ember.nn.io;

import dev.ember.Autograd;
import dev.ember.DType;
import dev.ember.Generator;
import dev.ember.Tensor;
import dev.ember.nn.Module;
import dev.ember.nn.Stateful;
import dev.ember.nn.optim.Optimizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a training run needs to continue where it stopped, in one safetensors file written atomically:
 * the model's parameters and buffers ({@code model.<key>}, PyTorch's key names after the prefix), the
 * optimizer's state ({@code optimizer.<key>}), an optional learning-rate schedule ({@code scheduler.<key>}),
 * the per-epoch history ({@code history.<metric>}, float64 vectors) and, in the metadata, the epoch and a
 * {@link Generator}'s seed and offset.
 *
 * <p>Loading restores all of the objects this checkpoint was built with, or none of them: a model whose keys
 * or shapes do not match throws listing the missing, unexpected and mismatched keys, and a later part that
 * fails (the optimizer's, the schedule's) rolls back the parts already loaded. Parts of the file for which
 * no object was given are ignored, so a full training checkpoint also serves to load just the weights.
 *
 * <pre>{@code
 * Checkpoint checkpoint = new Checkpoint(model, optimizer).scheduler(schedule).generator(shuffling);
 * checkpoint.save(Path.of("run.safetensors"), epoch, history.asMap());
 * // later, in a fresh process, with freshly built objects:
 * Checkpoint.Restored r = checkpoint.load(Path.of("run.safetensors"));
 * int nextEpoch = r.epoch() + 1;
 * }</pre>
 */
public final class Checkpoint {
    static final String FORMAT = "ember-checkpoint";
    private static final String MODEL = "model.";
    private static final String OPTIMIZER = "optimizer.";
    private static final String SCHEDULER = "scheduler.";
    private static final String HISTORY = "history.";

    /** What {@link #load} read besides the restored objects' state. */
    public record Restored(int epoch, Map<String, List<Double>> history, Map<String, String> metadata) {}

    private final Module model;
    private final Optimizer optimizer;
    private Stateful scheduler;
    private Generator generator;

    /** {@code optimizer} may be null (weights only). */
    public Checkpoint(Module model, Optimizer optimizer) {
        if (model == null) throw new IllegalArgumentException("Checkpoint needs a model");
        this.model = model;
        this.optimizer = optimizer;
    }

    /** Also saves and restores a learning-rate schedule; returns this. */
    public Checkpoint scheduler(Stateful scheduler) {
        this.scheduler = scheduler;
        return this;
    }

    /** Also saves and restores a generator's position (the one shuffling or augmenting data); returns this. */
    public Checkpoint generator(Generator generator) {
        this.generator = generator;
        return this;
    }

    /** Writes the checkpoint atomically: the file at {@code path} is either the old one or the new one. */
    public void save(Path path, int epoch, Map<String, List<Double>> history) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        putAll(tensors, MODEL, model.stateDict());
        if (optimizer != null) putAll(tensors, OPTIMIZER, optimizer.stateDict());
        if (scheduler != null) putAll(tensors, SCHEDULER, scheduler.stateDict());
        for (var e : history.entrySet()) {
            double[] values = e.getValue().stream().mapToDouble(Double::doubleValue).toArray();
            tensors.put(HISTORY + e.getKey(), Tensor.of(values));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", FORMAT);
        metadata.put("epoch", Integer.toString(epoch));
        if (generator != null) {
            metadata.put("generator.seed", Long.toString(generator.seed()));
            metadata.put("generator.offset", Long.toString(generator.offset()));
        }
        Safetensors.write(path, tensors, metadata);
    }

    private static void putAll(Map<String, Tensor> into, String prefix, Map<String, Tensor> state) {
        state.forEach((k, v) -> into.put(prefix + k, v));
    }

    /**
     * Restores the model, and the optimizer, schedule and generator where given, from {@code path}; returns
     * the epoch and history saved with them. Throws, changing nothing, when the file is not a valid checkpoint
     * for these objects.
     */
    public Restored load(Path path) throws IOException {
        Safetensors.Contents contents = Safetensors.read(path);
        Map<String, String> meta = contents.metadata();
        if (!FORMAT.equals(meta.get("format"))) {
            throw new IllegalArgumentException(path + ": not an Ember checkpoint (metadata format is " + meta.get("format") + ", expected " + FORMAT + ")");
        }
        int epoch = parseInt(path, meta, "epoch");
        Map<String, Tensor> modelState = part(contents.tensors(), MODEL);
        Map<String, Tensor> optimizerState = part(contents.tensors(), OPTIMIZER);
        Map<String, Tensor> schedulerState = part(contents.tensors(), SCHEDULER);
        if (optimizer != null && optimizerState.isEmpty()) throw new IllegalArgumentException(path + ": the checkpoint holds no optimizer state");
        if (scheduler != null && schedulerState.isEmpty()) throw new IllegalArgumentException(path + ": the checkpoint holds no scheduler state");
        long seed = 0, offset = 0;
        if (generator != null) {
            if (!meta.containsKey("generator.seed")) throw new IllegalArgumentException(path + ": the checkpoint holds no generator state");
            seed = parseLong(path, meta, "generator.seed");
            offset = parseLong(path, meta, "generator.offset");
        }
        Map<String, List<Double>> history = new LinkedHashMap<>();
        part(contents.tensors(), HISTORY).forEach((name, t) -> {
            List<Double> values = new ArrayList<>();
            for (double v : t.to(DType.FLOAT64).toDoubleArray()) values.add(v);
            history.put(name, values);
        });

        // Each loadStateDict checks before it changes anything; the copies undo the earlier parts when a later one fails.
        Map<String, Tensor> modelBefore = copy(model.stateDict());
        Map<String, Tensor> optimizerBefore = optimizer == null ? null : copy(optimizer.stateDict());
        try {
            model.loadStateDict(modelState);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": the model does not match the checkpoint: " + e.getMessage(), e);
        }
        try {
            if (optimizer != null) optimizer.loadStateDict(optimizerState);
            if (scheduler != null) scheduler.loadStateDict(schedulerState);
        } catch (RuntimeException e) {
            model.loadStateDict(modelBefore);
            if (optimizer != null) optimizer.loadStateDict(optimizerBefore);
            throw new IllegalArgumentException(path + ": " + e.getMessage() + " (nothing was restored)", e);
        }
        if (generator != null) generator.setState(seed, offset);
        return new Restored(epoch, history, meta);
    }

    private static Map<String, Tensor> part(Map<String, Tensor> all, String prefix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        all.forEach((k, v) -> { if (k.startsWith(prefix)) out.put(k.substring(prefix.length()), v); });
        return out;
    }

    private static Map<String, Tensor> copy(Map<String, Tensor> state) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        try (var noGrad = Autograd.noGrad()) {
            state.forEach((k, v) -> out.put(k, v.copy()));
        }
        return out;
    }

    private static int parseInt(Path path, Map<String, String> meta, String key) {
        return Math.toIntExact(parseLong(path, meta, key));
    }

    private static long parseLong(Path path, Map<String, String> meta, String key) {
        try {
            return Long.parseLong(meta.get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(path + ": metadata '" + key + "' is not an integer: " + meta.get(key));
        }
    }
}
