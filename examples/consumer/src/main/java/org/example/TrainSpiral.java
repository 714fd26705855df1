package org.example;

import dev.ember.Generator;
import dev.ember.Tensor;
import dev.ember.nn.Sequential;
import dev.ember.nn.data.DataLoader;
import dev.ember.nn.data.TensorDataset;
import dev.ember.nn.layers.Linear;
import dev.ember.nn.layers.Tanh;
import dev.ember.nn.loss.CrossEntropyLoss;
import dev.ember.nn.optim.Adam;
import dev.ember.nn.train.History;
import dev.ember.nn.train.Metrics;
import dev.ember.nn.train.Trainer;

/**
 * A user's first program: two interleaved spirals, a 2-32-2 network, Adam, cross-entropy. Exits with status 1
 * unless the network separates the spirals, so a build that runs it fails when Ember does not train.
 */
public final class TrainSpiral {
    public static void main(String[] args) {
        int perClass = 200;
        Generator gen = new Generator(1);
        float[] points = new float[4 * perClass];
        long[] labels = new long[2 * perClass];
        float[] noise = gen.randn(2 * perClass, 2).mul(0.05).toFloatArray();
        for (int i = 0; i < 2 * perClass; i++) {
            int cls = i / perClass;
            double r = (double) (i % perClass) / perClass;
            double angle = 2 * Math.PI * r + Math.PI * cls;
            points[2 * i] = (float) (r * Math.cos(angle)) + noise[2 * i];
            points[2 * i + 1] = (float) (r * Math.sin(angle)) + noise[2 * i + 1];
            labels[i] = cls;
        }
        TensorDataset data = new TensorDataset(Tensor.of(points, 2 * perClass, 2), Tensor.of(labels, 2 * perClass));

        Tensor.manualSeed(42);
        Sequential model = new Sequential(new Linear(2, 32), new Tanh(), new Linear(32, 32), new Tanh(), new Linear(32, 2));
        System.out.println("Two spirals, " + data.size() + " points, a network of " + model.parameterCount()
                + " parameters on " + model.parameters().get(0).device());
        DataLoader batches = DataLoader.builder(data).batchSize(40).shuffle(7).build();
        History history = new Trainer(model, new CrossEntropyLoss(), new Adam(model.parameters(), 0.03))
                .metric("accuracy", Metrics::accuracy)
                .fit(batches, null, 60);
        double accuracy = history.last("accuracy");
        System.out.printf("loss %.4f -> %.4f, accuracy %.3f after %d epochs%n",
                history.get("loss").get(0), history.last("loss"), accuracy, history.epochs());
        if (accuracy < 0.9) {
            System.out.println("the network did not learn the spirals");
            System.exit(1);
        }
    }
}
