package dev.ember.examples;

import dev.ember.Device;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command-line options of an example: {@code --name value} pairs and flags, with defaults, also accepted as
 * one string (how Maven's {@code -Dexample.args="--steps 500 --seed 2"} arrives). An option whose default is
 * {@code "false"} is a flag and takes no value. {@code --device cpu|cuda|cuda:N} is known to every example.
 *
 * <pre>{@code
 * Options o = Options.parse(args, Map.of("--epochs", "5", "--seed", "1", "--out", "target/autoencoder", "--sample", "false"));
 * int epochs = o.integer("--epochs");
 * }</pre>
 */
public final class Options {
    private final Map<String, String> values;

    private Options(Map<String, String> values) { this.values = values; }

    public static Options parse(String[] raw, Map<String, String> defaults) {
        List<String> args = new ArrayList<>();
        for (String a : raw) for (String part : a.trim().split("\\s+")) if (!part.isEmpty()) args.add(part);
        Map<String, String> values = new LinkedHashMap<>(defaults);
        for (int i = 0; i < args.size(); i++) {
            String name = args.get(i);
            if (name.equals("--device")) {
                // the default device is chosen at the first tensor, which comes after the options
                System.setProperty("ember.device", Device.parse(value(args, ++i, name)).toString());
            } else if (!defaults.containsKey(name)) {
                throw new IllegalArgumentException("unknown option '" + name + "'; options: " + describe(defaults) + "--device cpu|cuda|cuda:N");
            } else if (defaults.get(name).equals("false")) {
                values.put(name, "true");
            } else {
                values.put(name, value(args, ++i, name));
            }
        }
        return new Options(values);
    }

    /**
     * As {@link #parse(String[], Map)} with the defaults as name, value pairs, listed in this order by the
     * unknown-option message: {@code Options.parse(args, "--epochs", "5", "--sample", "false")}.
     */
    public static Options parse(String[] raw, String... namesAndDefaults) {
        if (namesAndDefaults.length % 2 != 0) throw new IllegalArgumentException("options need name, default pairs");
        Map<String, String> defaults = new LinkedHashMap<>();
        for (int i = 0; i < namesAndDefaults.length; i += 2) defaults.put(namesAndDefaults[i], namesAndDefaults[i + 1]);
        return parse(raw, defaults);
    }

    public int integer(String name) { return Integer.parseInt(get(name)); }

    public long longValue(String name) { return Long.parseLong(get(name)); }

    public double real(String name) { return Double.parseDouble(get(name)); }

    public boolean flag(String name) { return Boolean.parseBoolean(get(name)); }

    public Path path(String name) { return Path.of(get(name)); }

    public String get(String name) {
        String v = values.get(name);
        if (v == null) throw new IllegalArgumentException("no option " + name + " was declared");
        return v;
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) throw new IllegalArgumentException(option + " needs a value");
        return args.get(i);
    }

    private static String describe(Map<String, String> defaults) {
        StringBuilder s = new StringBuilder();
        defaults.forEach((k, v) -> s.append(k).append(v.equals("false") ? "" : " (default " + v + ")").append(", "));
        return s.toString();
    }
}
