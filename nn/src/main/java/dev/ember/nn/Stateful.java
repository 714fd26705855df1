package dev.ember.nn;

import dev.ember.Shape;
import dev.ember.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Something a checkpoint saves and restores as named tensors: a module, an optimizer, a schedule. */
public interface Stateful {
    Map<String, Tensor> stateDict();

    /** Restores the state; checks it all before changing anything, and throws naming what does not match. */
    void loadStateDict(Map<String, Tensor> state);

    /**
     * What keeps {@code state} from being exactly this object's kind of state, changing nothing: the keys
     * missing and unexpected, and those whose shape, dtype or value does not fit. A checkpoint asks every
     * part before it loads any, so that it loads all of them or none. The default compares the keys, shapes and
     * dtypes with {@link #stateDict()}; classes whose keys vary or whose values have a domain override it.
     *
     * <pre>{@code
     * StateDictMismatch m = schedule.checkStateDict(saved);
     * if (!m.isEmpty()) System.err.println(m.mismatched());
     * }</pre>
     */
    default StateDictMismatch checkStateDict(Map<String, Tensor> state) {
        return compare(stateDict(), state);
    }

    /** {@code given} against {@code own}: same keys, and for each the same shape and dtype. */
    static StateDictMismatch compare(Map<String, Tensor> own, Map<String, Tensor> given) {
        List<String> missing = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        own.forEach((key, mine) -> {
            Tensor t = given.get(key);
            if (t == null) missing.add(key);
            else if (!Arrays.equals(t.shape(), mine.shape()) || t.dtype() != mine.dtype()) {
                mismatched.add(key + ": saved " + t.dtype() + " " + Shape.str(t.shape()) + ", expected " + mine.dtype() + " " + Shape.str(mine.shape()));
            }
        });
        List<String> unexpected = new ArrayList<>();
        for (String key : given.keySet()) if (!own.containsKey(key)) unexpected.add(key);
        return new StateDictMismatch(missing, unexpected, mismatched);
    }
}
