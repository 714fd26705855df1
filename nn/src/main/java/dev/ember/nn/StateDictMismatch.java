package dev.ember.nn;

import java.util.List;

/** What a {@link Module#loadStateDict} found: keys the model has and the checkpoint lacks, and the reverse. */
public record StateDictMismatch(List<String> missing, List<String> unexpected, List<String> mismatched) {
    public StateDictMismatch {
        missing = List.copyOf(missing);
        unexpected = List.copyOf(unexpected);
        mismatched = List.copyOf(mismatched);
    }

    public boolean isEmpty() { return missing.isEmpty() && unexpected.isEmpty() && mismatched.isEmpty(); }

    /** The non-empty lists, for a message: {@code missing keys [a], mismatched [b: ...]}. */
    public String summary() {
        List<String> parts = new java.util.ArrayList<>();
        if (!missing.isEmpty()) parts.add("missing keys " + missing);
        if (!unexpected.isEmpty()) parts.add("unexpected keys " + unexpected);
        if (!mismatched.isEmpty()) parts.add("mismatched " + mismatched);
        return parts.isEmpty() ? "no problems" : String.join(", ", parts);
    }

    String describe(String model) {
        return "the state does not match " + model + ": missing keys " + missing + ", unexpected keys " + unexpected
                + ", mismatched shapes " + mismatched + "; nothing was loaded";
    }
}
