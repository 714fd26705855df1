package dev.ember.nn.io;

import dev.ember.DType;
import dev.ember.Generator;
import dev.ember.Shape;
import dev.ember.Tensor;
import dev.ember.nn.Module;
import dev.ember.nn.StateDictMismatch;
import dev.ember.nn.Stateful;
import dev.ember.nn.optim.Optimizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything a training run needs to continue where it stopped, in one safetensors file written atomically:
 * the model's parameters and buffers ({@code model.<key>}, PyTorch's key names after the prefix), the
 * optimizer's state ({@code optimizer.<key>}; with several optimizers, as a GAN has, {@code optimizer.<i>.<key>}
 * for the i-th), an optional learning-rate schedule ({@code scheduler.<key>}),
 * the per-epoch history ({@code history.<metric>}, float64 vectors) and, in the metadata, the epoch, the
 * history's metric names and a {@link Generator}'s seed and offset.
 *
 * <p>Loading restores all of the objects this checkpoint was built with, or none of them: it checks every part
 * first, as strictly as a model's keys (each part's {@link Stateful#checkStateDict}: keys missing, unexpected,
 * of another shape or dtype, values out of their domain such as a negative step count; the history's series
 * against the names saved with it; the metadata's keys and numbers), then throws one
 * {@link CheckpointException} listing every problem, or loads. Parts of the file for which no object was
 * given are ignored, so a full training checkpoint also serves to load just the weights. A flipped bit
 * anywhere in the file is refused by the file's checksum (see {@link Safetensors}).
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
    private static final String SCALER = "scaler.";
    private static final String HISTORY = "history.";
    private static final Set<String> METADATA_KEYS = Set.of("format", "epoch", "history", "generator.seed", "generator.offset");

    /** What {@link #load} read besides the restored objects' state. */
    public record Restored(int epoch, Map<String, List<Double>> history, Map<String, String> metadata) {}

    private final Module model;
    private final List<Optimizer> optimizers;
    private Stateful scheduler;
    private Stateful scaler;
    private Generator generator;

    /** {@code optimizer} may be null (weights only). */
    public Checkpoint(Module model, Optimizer optimizer) {
        this(model, optimizer == null ? List.<Optimizer>of() : List.of(optimizer));
    }

    /**
     * A model trained by several optimizers (a GAN's generator and discriminator), each saved under its index in
     * {@code optimizers}; none for weights only.
     */
    public static Checkpoint of(Module model, List<Optimizer> optimizers) { return new Checkpoint(model, optimizers); }

    private Checkpoint(Module model, List<Optimizer> optimizers) {
        if (model == null) throw new IllegalArgumentException("Checkpoint needs a model");
        for (Optimizer o : optimizers) if (o == null) throw new IllegalArgumentException("Checkpoint: an optimizer is null");
        this.model = model;
        this.optimizers = List.copyOf(optimizers);
    }

    /** The name of optimizer {@code i}'s part of the file: {@code optimizer} when it is the only one. */
    private String optimizerPart(int i) { return optimizers.size() == 1 ? "optimizer" : "optimizer." + i; }

    /** Also saves and restores a learning-rate schedule; returns this. */
    public Checkpoint scheduler(Stateful scheduler) {
        this.scheduler = scheduler;
        return this;
    }

    /** Also saves and restores a loss scaler's state ({@code dev.ember.nn.optim.GradScaler}); returns this. */
    public Checkpoint scaler(Stateful scaler) {
        this.scaler = scaler;
        return this;
    }

    /** Also saves and restores a generator's position (the one shuffling or augmenting data); returns this. */
    public Checkpoint generator(Generator generator) {
        this.generator = generator;
        return this;
    }

    /** Writes the checkpoint atomically: the file at {@code path} is either the old one or the new one. */
    public void save(Path path, int epoch, Map<String, List<Double>> history) throws IOException {
        if (epoch < 0) throw new IllegalArgumentException("Checkpoint.save: epoch must be >= 0, got " + epoch);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        putAll(tensors, MODEL, model.stateDict());
        for (int i = 0; i < optimizers.size(); i++) putAll(tensors, optimizerPart(i) + ".", optimizers.get(i).stateDict());
        if (scheduler != null) putAll(tensors, SCHEDULER, scheduler.stateDict());
        if (scaler != null) putAll(tensors, SCALER, scaler.stateDict());
        StringBuilder names = new StringBuilder("[");
        for (var e : history.entrySet()) {
            double[] values = e.getValue().stream().mapToDouble(Double::doubleValue).toArray();
            tensors.put(HISTORY + e.getKey(), Tensor.of(values));
            names.append(names.length() > 1 ? "," : "").append(Json.quote(e.getKey()));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", FORMAT);
        metadata.put("epoch", Integer.toString(epoch));
        metadata.put("history", names.append(']').toString());
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
     * the epoch and history saved with them.
     *
     * @throws CheckpointException when the file is not a valid checkpoint for these objects (changing nothing)
     * @throws IOException         when it cannot be read at all (missing, unreadable)
     */
    public Restored load(Path path) throws IOException {
        Safetensors.Contents contents;
        try {
            contents = Safetensors.read(path);
        } catch (SafetensorsException e) {
            throw new CheckpointException(e);
        }
        Map<String, String> meta = contents.metadata();
        if (!FORMAT.equals(meta.get("format"))) {
            throw new CheckpointException(path, "not an Ember checkpoint (metadata format is " + shown(meta.get("format")) + ", expected " + FORMAT + ")");
        }
        List<String> problems = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (String key : meta.keySet()) if (!METADATA_KEYS.contains(key)) unknown.add(shown(key));
        if (!unknown.isEmpty()) problems.add("unexpected metadata " + unknown);
        int epoch = (int) count(meta, "epoch", Integer.MAX_VALUE, problems);
        long seed = 0, offset = 0;
        if (meta.containsKey("generator.seed") || meta.containsKey("generator.offset") || generator != null) {
            seed = integer(meta, "generator.seed", Long.MIN_VALUE, problems);
            offset = count(meta, "generator.offset", Long.MAX_VALUE, problems);
        }
        List<String> historyNames = historyNames(meta, problems);

        Map<String, Tensor> modelState = new LinkedHashMap<>(), optimizerState = new LinkedHashMap<>(),
                schedulerState = new LinkedHashMap<>(), historyState = new LinkedHashMap<>(),
                scalerState = new LinkedHashMap<>();
        List<String> strays = new ArrayList<>();
        contents.tensors().forEach((key, t) -> {
            if (key.startsWith(MODEL)) modelState.put(key.substring(MODEL.length()), t);
            else if (key.startsWith(OPTIMIZER)) optimizerState.put(key.substring(OPTIMIZER.length()), t);
            else if (key.startsWith(SCHEDULER)) schedulerState.put(key.substring(SCHEDULER.length()), t);
            else if (key.startsWith(SCALER)) scalerState.put(key.substring(SCALER.length()), t);
            else if (key.startsWith(HISTORY)) historyState.put(key.substring(HISTORY.length()), t);
            else strays.add(shown(key));
        });
        if (!strays.isEmpty()) problems.add("unexpected keys " + strays + " (not model., optimizer., scheduler., scaler. or history.)");
        check("model", model, modelState, problems);
        List<Map<String, Tensor>> optimizerStates = splitOptimizers(optimizerState, problems);
        for (int i = 0; i < optimizers.size(); i++) {
            if (optimizerStates.get(i).isEmpty()) problems.add("the checkpoint holds no " + optimizerPart(i) + " state");
            else check(optimizerPart(i), optimizers.get(i), optimizerStates.get(i), problems);
        }
        if (scheduler != null) {
            if (schedulerState.isEmpty()) problems.add("the checkpoint holds no scheduler state");
            else check("scheduler", scheduler, schedulerState, problems);
        }
        if (scaler != null) {
            if (scalerState.isEmpty()) problems.add("the checkpoint holds no loss scaler state");
            else check("scaler", scaler, scalerState, problems);
        }
        if (historyNames != null) checkHistory(historyNames, historyState, problems);
        if (!problems.isEmpty()) throw new CheckpointException(path, String.join("; ", problems) + "; nothing was restored");

        model.loadStateDict(modelState);
        for (int i = 0; i < optimizers.size(); i++) optimizers.get(i).loadStateDict(optimizerStates.get(i));
        if (scheduler != null) scheduler.loadStateDict(schedulerState);
        if (scaler != null) scaler.loadStateDict(scalerState);
        if (generator != null) generator.setState(seed, offset);
        Map<String, List<Double>> history = new LinkedHashMap<>();
        for (String name : historyNames) {
            List<Double> values = new ArrayList<>();
            for (double v : historyState.get(name).toDoubleArray()) values.add(v);
            history.put(name, values);
        }
        return new Restored(epoch, history, meta);
    }

    /**
     * The {@code optimizer.} keys per optimizer: all of them for the only one, by their {@code <i>.} for several
     * (other keys are problems); none when this checkpoint restores no optimizer.
     */
    private List<Map<String, Tensor>> splitOptimizers(Map<String, Tensor> state, List<String> problems) {
        List<Map<String, Tensor>> out = new ArrayList<>();
        for (int i = 0; i < optimizers.size(); i++) out.add(new LinkedHashMap<>());
        if (optimizers.size() == 1) {
            out.getFirst().putAll(state);
            return out;
        }
        if (optimizers.isEmpty()) return out;
        List<String> strays = new ArrayList<>();
        state.forEach((key, t) -> {
            int dot = key.indexOf('.');
            String digits = dot < 0 ? "" : key.substring(0, dot);
            int index = digits.matches("0|[1-9][0-9]{0,8}") ? Integer.parseInt(digits) : -1;
            if (index >= 0 && index < optimizers.size()) out.get(index).put(key.substring(dot + 1), t);
            else strays.add(shown(OPTIMIZER + key));
        });
        if (!strays.isEmpty()) problems.add("unexpected keys " + strays + " (this checkpoint has " + optimizers.size() + " optimizers, optimizer.0. to optimizer." + (optimizers.size() - 1) + ".)");
        return out;
    }

    private static void check(String part, Stateful target, Map<String, Tensor> state, List<String> problems) {
        StateDictMismatch m = target.checkStateDict(state);
        if (!m.isEmpty()) problems.add(part + ": " + prefixed(part, m).summary());
    }

    /** The keys as the file names them ({@code optimizer.step}), so the message points into the file. */
    private static StateDictMismatch prefixed(String part, StateDictMismatch m) {
        String prefix = part + ".";
        return new StateDictMismatch(
                m.missing().stream().map(k -> shown(prefix + k)).toList(),
                m.unexpected().stream().map(k -> shown(prefix + k)).toList(),
                m.mismatched().stream().map(k -> prefix + k).toList());
    }

    /** Every series the metadata names is there as a float64 vector, and no other. */
    private static void checkHistory(List<String> names, Map<String, Tensor> saved, List<String> problems) {
        List<String> missing = new ArrayList<>(), unexpected = new ArrayList<>(), mismatched = new ArrayList<>();
        for (String name : names) if (!saved.containsKey(name)) missing.add(shown(HISTORY + name));
        saved.forEach((name, t) -> {
            if (!names.contains(name)) unexpected.add(shown(HISTORY + name));
            else if (t.dtype() != DType.FLOAT64 || t.shape().length != 1) {
                mismatched.add(shown(HISTORY + name) + ": saved " + t.dtype() + " " + Shape.str(t.shape()) + ", expected a " + DType.FLOAT64 + " vector");
            }
        });
        StateDictMismatch m = new StateDictMismatch(missing, unexpected, mismatched);
        if (!m.isEmpty()) problems.add("history (metadata names " + names.size() + " series): " + m.summary());
    }

    /** The metric names saved in metadata {@code history}, a JSON array of distinct strings; null if unusable. */
    private static List<String> historyNames(Map<String, String> meta, List<String> problems) {
        String text = meta.get("history");
        if (text == null) {
            problems.add("no metadata 'history' (the names of the history's series)");
            return null;
        }
        Object parsed;
        try {
            parsed = Json.parse(text);
        } catch (Json.ParseException e) {
            problems.add("metadata 'history' is not a JSON array of names: " + e.getMessage());
            return null;
        }
        List<String> names = new ArrayList<>();
        if (parsed instanceof List<?> list) {
            for (Object o : list) {
                if (!(o instanceof String name) || names.contains(name)) {
                    problems.add("metadata 'history' is not a list of distinct names: " + shown(text));
                    return null;
                }
                names.add(name);
            }
            return names;
        }
        problems.add("metadata 'history' is not a JSON array of names: " + shown(text));
        return null;
    }

    /** A whole number in [0, max] written in plain decimal, or 0 after noting the problem. */
    private static long count(Map<String, String> meta, String key, long max, List<String> problems) {
        return integer(meta, key, 0, max, problems);
    }

    private static long integer(Map<String, String> meta, String key, long min, List<String> problems) {
        return integer(meta, key, min, Long.MAX_VALUE, problems);
    }

    private static long integer(Map<String, String> meta, String key, long min, long max, List<String> problems) {
        String text = meta.get(key);
        if (text == null) {
            problems.add("no metadata '" + key + "'");
            return 0;
        }
        String range = "a whole number in [" + min + ", " + max + "]";
        if (!text.matches("-?(0|[1-9][0-9]{0,18})")) {
            problems.add("metadata '" + key + "' is " + shown(text) + ", not " + range);
            return 0;
        }
        try {
            long value = Long.parseLong(text);
            if (value >= min && value <= max) return value;
        } catch (NumberFormatException e) {
            // beyond 64 bits: out of range, as below
        }
        problems.add("metadata '" + key + "' is " + text + ", out of range: it must be " + range);
        return 0;
    }

    /** A name or value from the file for a message: quoted, and cut short where a hostile file made it long. */
    private static String shown(String s) {
        if (s == null) return "absent";
        String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return Json.quote(cut);
    }
}
