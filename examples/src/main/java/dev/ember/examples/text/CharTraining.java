package dev.ember.examples.text;

import dev.ember.Autograd;
import dev.ember.Generator;
import dev.ember.MemoryScope;
import dev.ember.Tensor;
import dev.ember.nn.loss.CrossEntropyLoss;
import dev.ember.nn.optim.Adam;
import dev.ember.nn.optim.GradClip;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Trains a {@link CharModel} on random windows of a {@link CharCorpus} (Adam, a linear warm-up then a cosine decay
 * to a tenth of the rate, gradients clipped to norm 1) and measures it in bits per character on the validation
 * text; generates text with a temperature.
 */
public final class CharTraining {
    private static final double LN2 = Math.log(2);

    /** How long and how: steps, windows per step, learning rate, evaluations, seed of the batches. */
    public record Settings(int steps, int batch, double learningRate, int evalEvery, int evalWindows, long seed) {}

    /** The validation bits per character at the end, and after every {@code evalEvery} steps. */
    public record Result(double validationBits, List<Integer> stepsEvaluated, List<Double> validationCurve, double seconds) {}

    private CharTraining() {}

    public static Result train(CharModel model, CharCorpus corpus, Settings s, PrintStream log) {
        int length = model.contextLength();
        Tensor train = corpus.trainIds().to(model.parameters().get(0).device());
        Generator batches = new Generator(s.seed());
        Adam adam = new Adam(model.parameters(), s.learningRate());
        CrossEntropyLoss loss = new CrossEntropyLoss();
        int warmup = Math.max(1, Math.min(100, s.steps() / 10));
        List<Integer> evaluated = new ArrayList<>();
        List<Double> curve = new ArrayList<>();
        double running = Double.NaN;
        long start = System.nanoTime();
        for (int step = 1; step <= s.steps(); step++) {
            adam.setLearningRate(learningRate(s, step, warmup));
            model.train();
            try (MemoryScope scope = MemoryScope.open()) {
                CharCorpus.Batch b = CharCorpus.randomBatch(train, s.batch(), length, batches);
                Tensor logits = model.forward(b.inputs());
                Tensor l = loss.apply(logits.reshape(-1, logits.size(-1)), b.targets().reshape(-1));
                l.backward();
                GradClip.byNorm(model.parameters(), 1.0);
                adam.step();
                adam.zeroGrad();
                double bits = l.item() / LN2;
                running = Double.isNaN(running) ? bits : 0.95 * running + 0.05 * bits;
            }
            if (step % s.evalEvery() == 0 || step == s.steps()) {
                double val = validationBits(model, corpus, s.evalWindows());
                evaluated.add(step);
                curve.add(val);
                if (log != null) {
                    log.printf("step %5d  train %.3f  validation %.3f bits/char  (%.1f s)%n", step, running, val,
                            (System.nanoTime() - start) / 1e9);
                }
            }
        }
        return new Result(curve.getLast(), evaluated, curve, (System.nanoTime() - start) / 1e9);
    }

    private static double learningRate(Settings s, int step, int warmup) {
        if (step <= warmup) return s.learningRate() * step / warmup;
        double progress = (double) (step - warmup) / Math.max(1, s.steps() - warmup);
        return s.learningRate() * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }

    /** Mean bits per character over the first {@code maxWindows} non-overlapping windows of the validation text. */
    public static double validationBits(CharModel model, CharCorpus corpus, int maxWindows) {
        model.eval();
        Tensor ids = corpus.validationIds().to(model.parameters().get(0).device());
        CharCorpus.Batch all = CharCorpus.windows(ids, model.contextLength(), maxWindows);
        CrossEntropyLoss sum = new CrossEntropyLoss(dev.ember.nn.loss.Reduction.SUM);
        double nats = 0;
        int n = all.inputs().size(0);
        try (var noGrad = Autograd.noGrad(); MemoryScope scope = MemoryScope.open()) {
            for (int i = 0; i < n; i += 32) {
                int k = Math.min(32, n - i);
                Tensor logits = model.forward(all.inputs().narrow(0, i, k));
                nats += sum.apply(logits.reshape(-1, logits.size(-1)), all.targets().narrow(0, i, k).reshape(-1)).item();
            }
        }
        return nats / ((double) n * model.contextLength()) / LN2;
    }

    /**
     * Continues {@code prompt} by {@code length} characters, each drawn from {@code softmax(logits / temperature)}
     * (temperature 0: always the likeliest), fed back through the model's {@link CharModel#decoder()}.
     */
    public static String generate(CharModel model, CharCorpus corpus, String prompt, int length, double temperature, long seed) {
        model.eval();
        Random random = new Random(seed);
        CharModel.Decoder decoder = model.decoder();
        long[] generated = new long[length];
        try (var noGrad = Autograd.noGrad(); MemoryScope scope = MemoryScope.open()) {
            long[] next = corpus.encode(prompt);
            for (int i = 0; i < length; i++) {
                generated[i] = sample(decoder.next(next), temperature, random);
                next = new long[] {generated[i]};
            }
        }
        return corpus.decode(generated);
    }

    static int sample(double[] logits, double temperature, Random random) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) if (logits[i] > logits[best]) best = i;
        if (temperature <= 0) return best;
        double[] p = new double[logits.length];
        double total = 0;
        for (int i = 0; i < p.length; i++) total += p[i] = Math.exp((logits[i] - logits[best]) / temperature);
        double u = random.nextDouble() * total;
        for (int i = 0; i < p.length; i++) if ((u -= p[i]) < 0) return i;
        return best;
    }
}
