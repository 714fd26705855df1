package dev.ember;

/**
 * How an op sends the gradient of its output back to its inputs, written with ordinary tensor ops so that it
 * runs on every backend and can itself be differentiated. {@code needs[i]} says whether input {@code i} wants a
 * gradient; the rule returns {@code null} for the others (and must, where computing it could fail).
 */
@FunctionalInterface
interface GradientRule {
    Tensor[] apply(Tensor grad, boolean[] needs);
}
