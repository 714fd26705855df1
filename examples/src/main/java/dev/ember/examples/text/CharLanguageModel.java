package dev.ember.examples.text;

import dev.ember.Device;
import dev.ember.Generator;
import dev.ember.Tensor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A character-level language model on the King James Bible: the whole text when Debian's {@code bible-kjv} is
 * installed, otherwise the 150 KB of Genesis shipped with the examples. Each model of {@code --model} is trained
 * on the same split and reported in bits per character on the validation text, beside the unigram baseline (the
 * bits a model that ignores context needs), then it continues a prompt with a temperature. The recurrent models
 * train on the same windows as the Transformer and carry their state when they generate.
 *
 * <pre>
 * --model rnn|lstm|gru|transformer[,...]  (default all four)   --steps N (default 2000)   --batch N (default 32)
 * --context N (default 64)   --dim N (default 128)   --layers N (default 2)      --heads N (default 4)
 * --dropout X (default 0.1)  --lr X (default 3e-3)   --seed N (default 42)       --eval-every N (default 250)
 * --temperature X (default 0.8)   --generate N characters (default 300)   --prompt TEXT (default "And God said")
 * --sample   (the shipped slice even when the whole text is installed)   --text FILE (any UTF-8 text instead)
 * --device cpu|cuda|cuda:N
 * </pre>
 */
public final class CharLanguageModel {
    public static void main(String[] args) throws IOException {
        Options o = Options.parse(args);
        CharCorpus corpus = o.text == null ? CharCorpus.kingJamesBible(o.sample)
                : CharCorpus.of(Files.readString(o.text, StandardCharsets.UTF_8), o.text.toString(), 0.1);
        double unigram = corpus.unigramBaselineBits();
        System.out.printf("Text: %s%n%,d training and %,d validation characters, %d distinct%n", corpus.source(),
                corpus.trainLength(), corpus.validationLength(), corpus.vocabularySize());
        System.out.printf("Unigram baseline %.3f bits/char (entropy of the training text's characters %.3f)%n",
                unigram, corpus.unigramEntropyBits());

        List<String> summary = new ArrayList<>();
        for (CharModels kind : o.models) {
            Tensor.manualSeed(o.seed);   // dropout draws from the default generator
            CharModel model = kind.create(corpus.vocabularySize(), o.size, new Generator(o.seed));
            System.out.printf("%nModel %s, %,d parameters, on %s:%n%s%n", kind.id(), model.parameterCount(),
                    model.parameters().get(0).device(), model);
            CharTraining.Result r = CharTraining.train(model, corpus,
                    new CharTraining.Settings(o.steps, o.batch, o.lr, o.evalEvery, 256, o.seed), System.out);
            System.out.printf("%s: validation %.3f bits/char after %d steps (unigram %.3f), %.0f s%n", kind.id(),
                    r.validationBits(), o.steps, unigram, r.seconds());
            System.out.printf("Sample at temperature %.2f:%n%s%s%n", o.temperature, o.prompt,
                    CharTraining.generate(model, corpus, o.prompt, o.generate, o.temperature, o.seed));
            summary.add(String.format("%-12s %10d %6d %10.3f %+11.3f %7.0f", kind.id(), model.parameterCount(), o.steps,
                    r.validationBits(), r.validationBits() - unigram, r.seconds()));
        }
        System.out.printf("%nValidation bits per character:%n%-12s %10s %6s %10s %11s %7s%n", "model", "parameters", "steps",
                "bits/char", "vs unigram", "seconds");
        System.out.printf("%-12s %10s %6s %10.3f %11s %7s%n", "unigram", "", "", unigram, "", "");
        summary.forEach(System.out::println);
    }

    private record Options(List<CharModels> models, CharModels.Size size, int steps, int batch, double lr, long seed,
                           int evalEvery, double temperature, int generate, String prompt, boolean sample, Path text) {
        /** Also accepts everything in one string (how Maven's {@code -Dexample.args} arrives); --prompt takes the rest of its quotes. */
        static Options parse(String[] raw) {
            List<String> args = new ArrayList<>();
            for (String a : raw) for (String part : a.trim().split("\\s+")) if (!part.isEmpty()) args.add(part);
            List<CharModels> models = List.of(CharModels.values());
            int dim = 128, layers = 2, heads = 4, context = 64, steps = 2000, batch = 32, evalEvery = 250, generate = 300;
            double dropout = 0.1, lr = 3e-3, temperature = 0.8;
            long seed = 42;
            String prompt = "And God said";
            boolean sample = false;
            Path text = null;
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                switch (a) {
                    case "--model" -> models = java.util.Arrays.stream(value(args, ++i, a).split(",")).map(CharModels::byId).toList();
                    case "--steps" -> steps = Integer.parseInt(value(args, ++i, a));
                    case "--batch" -> batch = Integer.parseInt(value(args, ++i, a));
                    case "--context" -> context = Integer.parseInt(value(args, ++i, a));
                    case "--dim" -> dim = Integer.parseInt(value(args, ++i, a));
                    case "--layers" -> layers = Integer.parseInt(value(args, ++i, a));
                    case "--heads" -> heads = Integer.parseInt(value(args, ++i, a));
                    case "--dropout" -> dropout = Double.parseDouble(value(args, ++i, a));
                    case "--lr" -> lr = Double.parseDouble(value(args, ++i, a));
                    case "--seed" -> seed = Long.parseLong(value(args, ++i, a));
                    case "--eval-every" -> evalEvery = Integer.parseInt(value(args, ++i, a));
                    case "--temperature" -> temperature = Double.parseDouble(value(args, ++i, a));
                    case "--generate" -> generate = Integer.parseInt(value(args, ++i, a));
                    case "--prompt" -> {   // the words up to the next option, so a prompt may hold spaces
                        StringBuilder p = new StringBuilder(value(args, ++i, a));
                        while (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) p.append(' ').append(args.get(++i));
                        prompt = p.toString();
                    }
                    case "--sample" -> sample = true;
                    case "--text" -> text = Path.of(value(args, ++i, a));
                    // the default device is chosen at the first tensor, which comes after the options
                    case "--device" -> System.setProperty("ember.device", Device.parse(value(args, ++i, a)).toString());
                    default -> throw new IllegalArgumentException("unknown option '" + a + "'; options: --model "
                            + String.join("|", java.util.Arrays.stream(CharModels.values()).map(CharModels::id).toList())
                            + "[,...], --steps N, --batch N, --context N, --dim N, --layers N, --heads N, --dropout X, --lr X,"
                            + " --seed N, --eval-every N, --temperature X, --generate N, --prompt TEXT, --sample, --text FILE,"
                            + " --device cpu|cuda|cuda:N");
                }
            }
            return new Options(models, new CharModels.Size(dim, layers, heads, context, dropout), steps, batch, lr, seed,
                    evalEvery, temperature, generate, prompt, sample, text);
        }

        private static String value(List<String> args, int i, String option) {
            if (i >= args.size()) throw new IllegalArgumentException(option + " needs a value");
            return args.get(i);
        }
    }
}
