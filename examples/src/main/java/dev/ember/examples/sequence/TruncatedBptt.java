package dev.ember.examples.sequence;

import dev.ember.Autograd;
import dev.ember.Generator;
import dev.ember.Tensor;
import dev.ember.nn.init.Init;
import dev.ember.nn.layers.Linear;
import dev.ember.nn.layers.recurrent.LSTM;
import dev.ember.nn.layers.recurrent.LSTMOutput;
import dev.ember.nn.layers.recurrent.LSTMState;
import dev.ember.nn.loss.MSELoss;
import dev.ember.nn.optim.Adam;
import dev.ember.nn.optim.GradClip;

/**
 * Truncated backpropagation through time: an LSTM learns to predict the next value of long signals
 * ({@code sin(0.1 t) + 0.5 sin(0.37 t)}, each stream with its own phase) that it reads in chunks of a few steps.
 * The state at the end of a chunk is carried into the next one, so the network sees the whole history, but
 * detached, so the gradient (and the memory the graph holds) stops at the chunk boundary. At the end it compares
 * the prediction error with the state carried and with the state reset at every chunk.
 *
 * <pre>
 * ./mvnw -q -Prun-example package -DskipTests -Dexample=dev.ember.examples.sequence.TruncatedBptt
 * </pre>
 * Options: {@code --epochs N} (20), {@code --chunk N} steps per chunk (20), {@code --length N} steps per stream
 * (400), {@code --seed N} (3).
 */
public final class TruncatedBptt {
    static final int STREAMS = 16;
    static final int HIDDEN = 32;

    /** {@code [streams, length + 1, 1]}: inputs are steps 0..length-1, targets 1..length. */
    static Tensor signal(int streams, int length, Generator g) {
        float[] phase = g.uniform(0, 100, streams).toFloatArray();
        float[] v = new float[streams * (length + 1)];
        for (int s = 0; s < streams; s++) {
            for (int t = 0; t <= length; t++) {
                double u = t + phase[s];
                v[s * (length + 1) + t] = (float) (Math.sin(0.1 * u) + 0.5 * Math.sin(0.37 * u));
            }
        }
        return Tensor.of(v, streams, length + 1, 1);
    }

    record Model(LSTM lstm, Linear head) {
        Model(Generator g) {
            this(new LSTM(1, HIDDEN, 1, true, true, 0, false, g),
                    new Linear(HIDDEN, 1, Init.pytorchDefault(), Init.pytorchBias(HIDDEN), g));
        }

        java.util.List<Tensor> parameters() {
            java.util.List<Tensor> p = new java.util.ArrayList<>(lstm.parameters());
            p.addAll(head.parameters());
            return p;
        }
    }

    /** One pass over the streams in chunks, the state carried and detached; returns the mean training loss. */
    static double epoch(Model model, Adam adam, Tensor signal, int chunk) {
        int length = signal.size(1) - 1;
        MSELoss mse = new MSELoss();
        LSTMState state = null;   // zeros at the start of the streams
        double total = 0;
        int chunks = 0;
        for (int start = 0; start + chunk <= length; start += chunk) {
            Tensor x = signal.narrow(1, start, chunk);
            Tensor y = signal.narrow(1, start + 1, chunk);
            adam.zeroGrad();
            LSTMOutput out = model.lstm().forward(x, state);
            Tensor loss = mse.apply(model.head().forward(out.output()), y);
            loss.backward();
            GradClip.byNorm(model.parameters(), 1.0);
            adam.step();
            state = out.state().detach();   // carried on; the next backward stops here
            total += loss.item();
            chunks++;
        }
        return total / chunks;
    }

    /** The prediction error over the whole streams, read in chunks with the state carried or reset each chunk. */
    static double evaluate(Model model, Tensor signal, int chunk, boolean carry) {
        int length = signal.size(1) - 1;
        double total = 0;
        int chunks = 0;
        try (var noGrad = Autograd.noGrad()) {
            LSTMState state = null;
            for (int start = 0; start + chunk <= length; start += chunk) {
                LSTMOutput out = model.lstm().forward(signal.narrow(1, start, chunk), carry ? state : null);
                total += new MSELoss().apply(model.head().forward(out.output()), signal.narrow(1, start + 1, chunk)).item();
                state = out.state();
                chunks++;
            }
        }
        return total / chunks;
    }

    /** Trains and returns {train loss of the last epoch, test MSE carried, test MSE reset, test MSE of answering 0}. */
    static double[] run(int epochs, int chunk, int length, long seed, boolean print) {
        Generator g = new Generator(seed);
        Tensor train = signal(STREAMS, length, g);
        Tensor test = signal(STREAMS, length, new Generator(seed + 1000));
        Model model = new Model(g);
        Adam adam = new Adam(model.parameters(), 0.01);
        double last = Double.NaN;
        for (int e = 1; e <= epochs; e++) {
            last = epoch(model, adam, train, chunk);
            if (print) System.out.printf("epoch %3d  training MSE %.5f%n", e, last);
        }
        double zero = test.narrow(1, 1, length).square().mean().item();
        return new double[] {last, evaluate(model, test, chunk, true), evaluate(model, test, chunk, false), zero};
    }

    public static void main(String[] args) {
        int epochs = 20;
        int chunk = 20;
        int length = 400;
        long seed = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--epochs" -> epochs = Integer.parseInt(args[++i]);
                case "--chunk" -> chunk = Integer.parseInt(args[++i]);
                case "--length" -> length = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (--epochs N, --chunk N, --length N, --seed N)");
            }
        }
        System.out.printf("Truncated BPTT: LSTM(1, %d), %d streams of %d steps read in chunks of %d, state carried and "
                + "detached; Adam lr 0.01, seed %d%n", HIDDEN, STREAMS, length, chunk, seed);
        double[] r = run(epochs, chunk, length, seed, true);
        System.out.printf("test MSE, state carried across chunks: %.5f%n", r[1]);
        System.out.printf("test MSE, state reset every chunk:     %.5f%n", r[2]);
        System.out.printf("test MSE of always answering 0:        %.5f%n", r[3]);
    }
}
