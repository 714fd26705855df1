package dev.ember.examples.text;

import dev.ember.Generator;
import dev.ember.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A text as character ids for a language model: the vocabulary (every distinct character, in code-point order),
 * a training part and a validation part (the last {@code validationFraction} of the text, so no validation
 * passage was seen in training), random batches of windows, and the unigram baseline a model must beat.
 *
 * <p>{@link #kingJamesBible} reads the King James Bible through Debian's {@code bible} program (package
 * {@code bible-kjv}, which depends on {@code bible-kjv-text}; the text itself is stored compressed) and falls back
 * to the first 150 KB of Genesis shipped with the examples; both give one verse per line, without numbers.
 */
public final class CharCorpus {
    static final String SAMPLE = "/dev/ember/examples/text/kjv-genesis.txt";
    private static final Path BIBLE = Path.of("/usr/bin/bible");

    /** A batch of windows: {@code inputs [B, T]} and {@code targets [B, T]}, each target the next character. */
    public record Batch(Tensor inputs, Tensor targets) {}

    private final String source;
    private final char[] vocabulary;
    private final Map<Character, Integer> index = new TreeMap<>();
    private final long[] train;
    private final long[] validation;

    private CharCorpus(String text, String source, double validationFraction) {
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validationFraction must be in (0, 1), got " + validationFraction);
        }
        this.source = source;
        text.chars().sorted().distinct().forEach(c -> index.put((char) c, index.size()));
        vocabulary = new char[index.size()];
        index.forEach((c, i) -> vocabulary[i] = c);
        long[] ids = encode(text);
        int split = (int) Math.round(ids.length * (1 - validationFraction));
        train = java.util.Arrays.copyOfRange(ids, 0, split);
        validation = java.util.Arrays.copyOfRange(ids, split, ids.length);
    }

    /** Splits {@code text}: the last {@code validationFraction} of it is the validation part. */
    public static CharCorpus of(String text, String source, double validationFraction) {
        return new CharCorpus(text, source, validationFraction);
    }

    /** The whole Bible when Debian's {@code bible} program is installed (unless {@code sampleOnly}), else the shipped slice. */
    public static CharCorpus kingJamesBible(boolean sampleOnly) throws IOException {
        String full = sampleOnly ? null : readInstalledBible();
        if (full != null) return of(full, "the King James Bible (Debian's bible-kjv-text, through " + BIBLE + ")", 0.05);
        return of(sample(), "Genesis 1:1-40:9 of the King James Bible (the slice shipped with the examples"
                + (sampleOnly ? "" : "; apt-get install bible-kjv for the whole text") + ")", 0.1);
    }

    /** The shipped slice: public-domain text, one verse per line. */
    public static String sample() throws IOException {
        try (InputStream in = CharCorpus.class.getResourceAsStream(SAMPLE)) {
            if (in == null) throw new IOException("the examples jar has no " + SAMPLE);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Every verse, Genesis 1:1 to Revelation 22:21, one a line without its number; null without the program. */
    static String readInstalledBible() throws IOException {
        if (!Files.isExecutable(BIBLE)) return null;
        Process p = new ProcessBuilder(BIBLE.toString(), "-l100000", "Gen1:1-Rev22:21").redirectErrorStream(true).start();
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        StringBuilder verses = new StringBuilder(printed.length());
        // the program prints "Genesis 1", a blank line, then "  1 In the beginning ..." per verse
        for (String line : printed.split("\n")) {
            java.util.regex.Matcher m = VERSE.matcher(line);
            if (m.matches()) verses.append(m.group(1)).append('\n');
        }
        return verses.isEmpty() ? null : verses.toString();
    }

    private static final java.util.regex.Pattern VERSE = java.util.regex.Pattern.compile("^\\s+\\d+ (.*)$");

    public long[] encode(String s) {
        long[] ids = new long[s.length()];
        for (int i = 0; i < ids.length; i++) {
            Integer id = index.get(s.charAt(i));
            if (id == null) throw new IllegalArgumentException("character '" + s.charAt(i) + "' is not in the vocabulary");
            ids[i] = id;
        }
        return ids;
    }

    public String decode(long[] ids) {
        StringBuilder s = new StringBuilder(ids.length);
        for (long id : ids) s.append(vocabulary[(int) id]);
        return s.toString();
    }

    public int vocabularySize() { return vocabulary.length; }

    public String source() { return source; }

    public int trainLength() { return train.length; }

    public int validationLength() { return validation.length; }

    public Tensor trainIds() { return Tensor.of(train, train.length); }

    public Tensor validationIds() { return Tensor.of(validation, validation.length); }

    /** {@code batch} windows of {@code length} characters at random offsets in {@code ids}, with their next characters. */
    public static Batch randomBatch(Tensor ids, int batch, int length, Generator generator) {
        Tensor starts = generator.randint(0, ids.size(0) - length, batch, 1);
        Tensor positions = starts.add(Tensor.arange(length).reshape(1, length)).reshape(-1);
        return new Batch(ids.indexSelect(0, positions).reshape(batch, length),
                ids.indexSelect(0, positions.add(1L)).reshape(batch, length));
    }

    /** Non-overlapping windows covering {@code ids} from the start (at most {@code max} of them), for evaluation. */
    public static Batch windows(Tensor ids, int length, int max) {
        int count = Math.min(max, (ids.size(0) - 1) / length);
        if (count < 1) throw new IllegalArgumentException("the text (" + ids.size(0) + " characters) is shorter than one window of " + (length + 1));
        Tensor inputs = ids.narrow(0, 0, count * length).reshape(count, length);
        Tensor targets = ids.narrow(0, 1, count * length).reshape(count, length);
        return new Batch(inputs, targets);
    }

    /** The entropy, in bits, of the training text's character frequencies. */
    public double unigramEntropyBits() {
        double[] p = frequencies(false);
        double h = 0;
        for (double q : p) if (q > 0) h -= q * log2(q);
        return h;
    }

    /**
     * The unigram baseline: bits per character of the validation text under the training text's character
     * frequencies (add-one smoothed, so a character unseen in training costs bits rather than infinity); what a
     * model that ignores context reaches.
     */
    public double unigramBaselineBits() {
        double[] p = frequencies(true);
        double bits = 0;
        for (long id : validation) bits -= log2(p[(int) id]);
        return bits / validation.length;
    }

    private double[] frequencies(boolean addOne) {
        double[] counts = new double[vocabulary.length];
        if (addOne) java.util.Arrays.fill(counts, 1);
        for (long id : train) counts[(int) id]++;
        double total = java.util.Arrays.stream(counts).sum();
        for (int i = 0; i < counts.length; i++) counts[i] /= total;
        return counts;
    }

    private static double log2(double x) { return Math.log(x) / Math.log(2); }
}
