package dev.ember.cuda;

import java.util.Locale;

/** Byte counts for people: {@code 3221225472} reads {@code "3.00 GiB"}. */
final class ByteSizes {
    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private ByteSizes() {}

    static String human(long bytes) {
        if (bytes < 1024) return bytes + " B";
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.2f %s", value, UNITS[unit]);
    }

    /** Exact and readable: {@code "3221225472 bytes (3.00 GiB)"}. */
    static String both(long bytes) {
        return bytes < 1024 ? bytes + " bytes" : bytes + " bytes (" + human(bytes) + ")";
    }
}
