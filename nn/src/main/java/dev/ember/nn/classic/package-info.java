/**
 * The classic learners of seed 000 §1, each as its notes define it: {@link dev.ember.nn.classic.McCullochPitts}
 * (fixed weights and threshold, boolean inputs, no learning), {@link dev.ember.nn.classic.Perceptron} (Heaviside
 * output, Algorithm 1's rule {@code w += r (y - g(w·x + b)) x}), {@link dev.ember.nn.classic.Adaline} (Algorithm
 * 2's delta rule on the continuous output) and {@link dev.ember.nn.classic.LogisticRegression} (seed 002's
 * one-neuron network, trained by autodiff). The step they share fires when the sum reaches the threshold,
 * {@code g(z) = 1 if z >= 0}: {@code Tensor.heaviside(1)}.
 */
package dev.ember.nn.classic;
