package dev.ember.nn.functional;

import dev.ember.Generator;
import dev.ember.Tensor;
import dev.ember.nn.loss.BCELoss;
import dev.ember.nn.loss.BCEWithLogitsLoss;
import dev.ember.nn.loss.CrossEntropyLoss;
import dev.ember.nn.loss.HingeLoss;
import dev.ember.nn.loss.HuberLoss;
import dev.ember.nn.loss.KLDivLoss;
import dev.ember.nn.loss.L1Loss;
import dev.ember.nn.loss.MSELoss;
import dev.ember.nn.loss.NLLLoss;
import dev.ember.nn.loss.Reduction;

/**
 * The functional API, Ember's {@code torch.nn.functional}: every layer's and loss's computation as a static
 * method with its weights, statistics and settings passed in. The layers and losses call these, so each
 * operation has one definition; code that makes its own weights (a hypernetwork) calls them directly, and the
 * gradient reaches whatever produced the weights.
 *
 * <pre>{@code
 * import dev.ember.nn.functional.F;
 *
 * Tensor w = hyper.forward(z).reshape(10, 784);              // weights made by another network
 * Tensor logits = F.linear(images, w, null);
 * Tensor loss = F.crossEntropy(logits, labels);
 * loss.backward();                                           // reaches hyper's parameters through w
 * }</pre>
 *
 * Names follow PyTorch's in camel case ({@code F.smooth_l1_loss} is {@link #smoothL1Loss}); defaults are
 * PyTorch's. The implementations live in small package-private classes by family.
 */
public final class F {
    private F() {}

    // ---- linear and convolution ----

    /** {@code x W^T + b} over the last dim of {@code x [..., in]}, {@code weight [out, in]}, {@code bias [out]} or null (PyTorch's {@code F.linear}). */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) { return Convolutions.linear(x, weight, bias); }

    /** 1-D convolution of {@code [N, C, L]} with {@code weight [M, C/groups, k]} (PyTorch's {@code F.conv1d}). */
    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups) {
        return Convolutions.conv1d(x, weight, bias, stride, padding, dilation, groups);
    }

    /** {@link #conv1d(Tensor, Tensor, Tensor, int, int, int, int)} with stride 1, no padding, one group. */
    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias) { return conv1d(x, weight, bias, 1, 0, 1, 1); }

    /** 2-D convolution of {@code [N, C, H, W]} with {@code weight [M, C/groups, kH, kW]}; (height, width) pairs (PyTorch's {@code F.conv2d}). */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) {
        return Convolutions.conv2d(x, weight, bias, stride, padding, dilation, groups);
    }

    /** 2-D convolution with square stride and padding, no dilation, one group. */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int stride, int padding) {
        return conv2d(x, weight, bias, new int[] {stride, stride}, new int[] {padding, padding}, new int[] {1, 1}, 1);
    }

    /** 2-D convolution with stride 1, no padding. */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias) { return conv2d(x, weight, bias, 1, 0); }

    /**
     * Transposed 2-D convolution of {@code [N, C, H, W]} with {@code weight [C, M/groups, kH, kW]}, computed as the
     * convolution's input gradient (PyTorch's {@code F.conv_transpose2d}; argument order as PyTorch's).
     */
    public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding,
                                         int[] outputPadding, int groups, int[] dilation) {
        return x.convTranspose2d(weight, bias, stride, padding, outputPadding, groups, dilation);
    }

    /** Transposed 2-D convolution with square stride and padding, no output padding or dilation, one group. */
    public static Tensor convTranspose2d(Tensor x, Tensor weight, Tensor bias, int stride, int padding) {
        return x.convTranspose2d(weight, bias, stride, padding);
    }

    /** Transposed 1-D convolution of {@code [N, C, L]} with {@code weight [C, M/groups, k]} (PyTorch's {@code F.conv_transpose1d}). */
    public static Tensor convTranspose1d(Tensor x, Tensor weight, Tensor bias, int stride, int padding, int outputPadding,
                                         int groups, int dilation) {
        return x.convTranspose1d(weight, bias, stride, padding, outputPadding, groups, dilation);
    }

    // ---- normalisation ----

    /**
     * Batch normalisation over dim 1 of {@code [N, C, ...]} (PyTorch's {@code F.batch_norm}): with
     * {@code training}, the batch statistics normalise and {@code runningMean}/{@code runningVar} (null: none)
     * move towards them in place; without, the running statistics normalise. {@code weight}/{@code bias} may be null.
     */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                   boolean training, double momentum, double eps) {
        return Normalizations.batchNorm(x, runningMean, runningVar, weight, bias, training, momentum, eps);
    }

    /** Normalisation over the last dims {@code normalizedShape}, biased variance (PyTorch's {@code F.layer_norm}); weight/bias may be null. */
    public static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        return Normalizations.layerNorm(x, normalizedShape, weight, bias, eps);
    }

    /** {@link #layerNorm(Tensor, int[], Tensor, Tensor, double)} with eps 1e-5. */
    public static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias) {
        return layerNorm(x, normalizedShape, weight, bias, 1e-5);
    }

    /** Normalisation of {@code [N, C, ...]} over each group of {@code C/groups} channels and the spatial dims, then a per-channel affine (PyTorch's {@code F.group_norm}). */
    public static Tensor groupNorm(Tensor x, int groups, Tensor weight, Tensor bias, double eps) {
        return Normalizations.groupNorm(x, groups, weight, bias, eps);
    }

    /** {@link #groupNorm(Tensor, int, Tensor, Tensor, double)} with eps 1e-5. */
    public static Tensor groupNorm(Tensor x, int groups, Tensor weight, Tensor bias) { return groupNorm(x, groups, weight, bias, 1e-5); }

    /**
     * Normalisation of each example's each channel over its spatial dims (PyTorch's {@code F.instance_norm}):
     * with {@code useInputStats} the running statistics (null: none) are updated in place with the mean over the
     * batch of the instance statistics; without, they normalise.
     */
    public static Tensor instanceNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                      boolean useInputStats, double momentum, double eps) {
        return Normalizations.instanceNorm(x, runningMean, runningVar, weight, bias, useInputStats, momentum, eps);
    }

    /** Instance normalisation with input statistics, no running ones, no affine, eps 1e-5. */
    public static Tensor instanceNorm(Tensor x) { return instanceNorm(x, null, null, null, null, true, 0.1, 1e-5); }

    /**
     * {@code x / (k + alpha/size * sum of x^2 over a window of size channels)^beta}, the window zero-padded
     * {@code size/2} before and {@code (size-1)/2} after (PyTorch's {@code F.local_response_norm}).
     */
    public static Tensor localResponseNorm(Tensor x, int size, double alpha, double beta, double k) {
        return Normalizations.localResponseNorm(x, size, alpha, beta, k);
    }

    /** Local response normalisation with PyTorch's defaults alpha 1e-4, beta 0.75, k 1. */
    public static Tensor localResponseNorm(Tensor x, int size) { return localResponseNorm(x, size, 1e-4, 0.75, 1.0); }

    // ---- pooling ----

    /** Max pooling of {@code [N, C, L]} (PyTorch's {@code F.max_pool1d}). */
    public static Tensor maxPool1d(Tensor x, int kernel, int stride, int padding) { return Pools.maxPool1d(x, kernel, stride, padding); }

    /** Max pooling with stride equal to the window, no padding. */
    public static Tensor maxPool1d(Tensor x, int kernel) { return maxPool1d(x, kernel, kernel, 0); }

    /** Max pooling of {@code [N, C, H, W]}; (height, width) pairs, stride null: the window (PyTorch's {@code F.max_pool2d}). */
    public static Tensor maxPool2d(Tensor x, int[] kernel, int[] stride, int[] padding) { return Pools.maxPool2d(x, kernel, stride, padding); }

    /** Square max pooling. */
    public static Tensor maxPool2d(Tensor x, int kernel, int stride, int padding) {
        return maxPool2d(x, new int[] {kernel, kernel}, new int[] {stride, stride}, new int[] {padding, padding});
    }

    /** Square max pooling with stride equal to the window, no padding. */
    public static Tensor maxPool2d(Tensor x, int kernel) { return maxPool2d(x, kernel, kernel, 0); }

    /** Average pooling of {@code [N, C, L]}; padded zeros count in the mean unless {@code countIncludePad} false (PyTorch's {@code F.avg_pool1d}). */
    public static Tensor avgPool1d(Tensor x, int kernel, int stride, int padding, boolean countIncludePad) {
        return Pools.avgPool1d(x, kernel, stride, padding, countIncludePad);
    }

    /** Average pooling counting padded zeros, as PyTorch by default. */
    public static Tensor avgPool1d(Tensor x, int kernel, int stride, int padding) { return avgPool1d(x, kernel, stride, padding, true); }

    /** Average pooling with stride equal to the window, no padding. */
    public static Tensor avgPool1d(Tensor x, int kernel) { return avgPool1d(x, kernel, kernel, 0, true); }

    /**
     * Average pooling of {@code [N, C, H, W]}; padded zeros count in the mean unless {@code countIncludePad} is
     * false; stride null: the window (PyTorch's {@code F.avg_pool2d}).
     */
    public static Tensor avgPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, boolean countIncludePad) {
        return Pools.avgPool2d(x, kernel, stride, padding, countIncludePad);
    }

    /** Square average pooling counting padded zeros, as PyTorch by default. */
    public static Tensor avgPool2d(Tensor x, int kernel, int stride, int padding) {
        return avgPool2d(x, new int[] {kernel, kernel}, new int[] {stride, stride}, new int[] {padding, padding}, true);
    }

    /** Square average pooling with stride equal to the window, no padding. */
    public static Tensor avgPool2d(Tensor x, int kernel) { return avgPool2d(x, kernel, kernel, 0); }

    /** {@code (sum of x^p over each window)^(1/p)} of {@code [N, C, L]} (PyTorch's {@code F.lp_pool1d}). */
    public static Tensor lpPool1d(Tensor x, double p, int kernel, int stride) { return Pools.lpPool1d(x, p, kernel, stride); }

    /** {@code (sum of x^p over each window)^(1/p)} of {@code [N, C, H, W]}; stride null: the window (PyTorch's {@code F.lp_pool2d}). */
    public static Tensor lpPool2d(Tensor x, double p, int[] kernel, int[] stride) { return Pools.lpPool2d(x, p, kernel, stride); }

    /** Square Lp pooling. */
    public static Tensor lpPool2d(Tensor x, double p, int kernel, int stride) {
        return lpPool2d(x, p, new int[] {kernel, kernel}, new int[] {stride, stride});
    }

    /** Average pooling of {@code [N, C, L]} to {@code outputSize} windows, PyTorch's bins (PyTorch's {@code F.adaptive_avg_pool1d}). */
    public static Tensor adaptiveAvgPool1d(Tensor x, int outputSize) { return AdaptivePools.avgPool1d(x, outputSize); }

    /** Max pooling of {@code [N, C, L]} to {@code outputSize} windows (PyTorch's {@code F.adaptive_max_pool1d}). */
    public static Tensor adaptiveMaxPool1d(Tensor x, int outputSize) { return AdaptivePools.maxPool1d(x, outputSize); }

    /** Average pooling of {@code [N, C, H, W]} to {@code [N, C, outH, outW]} (PyTorch's {@code F.adaptive_avg_pool2d}). */
    public static Tensor adaptiveAvgPool2d(Tensor x, int[] outputSize) { return AdaptivePools.avgPool2d(x, outputSize); }

    /** Square adaptive average pooling. */
    public static Tensor adaptiveAvgPool2d(Tensor x, int outputSize) { return adaptiveAvgPool2d(x, new int[] {outputSize, outputSize}); }

    /** Max pooling of {@code [N, C, H, W]} to {@code [N, C, outH, outW]} (PyTorch's {@code F.adaptive_max_pool2d}). */
    public static Tensor adaptiveMaxPool2d(Tensor x, int[] outputSize) { return AdaptivePools.maxPool2d(x, outputSize); }

    /** Square adaptive max pooling. */
    public static Tensor adaptiveMaxPool2d(Tensor x, int outputSize) { return adaptiveMaxPool2d(x, new int[] {outputSize, outputSize}); }

    // ---- dropout and embeddings ----

    /** Inverted dropout when {@code training}: zero with probability {@code p}, scale survivors by {@code 1/(1-p)} (PyTorch's {@code F.dropout}). */
    public static Tensor dropout(Tensor x, double p, boolean training, Generator generator) {
        return Dropouts.dropout(x, p, training, generator);
    }

    /** Dropout drawing from the default generator. */
    public static Tensor dropout(Tensor x, double p, boolean training) { return dropout(x, p, training, Generator.defaultGenerator()); }

    /** The rows of {@code weight [numEmbeddings, dim]} at integer {@code indices}; {@code paddingIdx} (null: none) gets no gradient (PyTorch's {@code F.embedding}). */
    public static Tensor embedding(Tensor indices, Tensor weight, Integer paddingIdx) {
        return Embeddings.embedding(indices, weight, paddingIdx);
    }

    /** Embedding without a padding row. */
    public static Tensor embedding(Tensor indices, Tensor weight) { return embedding(indices, weight, null); }

    /**
     * The sum, mean or max of each bag of rows: bags are the rows of a 2-D {@code input} ({@code offsets} null) or
     * the runs of a 1-D {@code input} starting at {@code offsets} (PyTorch's {@code F.embedding_bag}).
     * {@code perSampleWeights} (SUM only) and {@code paddingIdx} may be null.
     */
    public static Tensor embeddingBag(Tensor input, Tensor weight, Tensor offsets, EmbeddingBagMode mode,
                                      Tensor perSampleWeights, boolean includeLastOffset, Integer paddingIdx) {
        return Embeddings.embeddingBag(input, weight, offsets, mode, perSampleWeights, includeLastOffset, paddingIdx);
    }

    /** Embedding bags with PyTorch's default mode MEAN. */
    public static Tensor embeddingBag(Tensor input, Tensor weight, Tensor offsets) {
        return embeddingBag(input, weight, offsets, EmbeddingBagMode.MEAN, null, false, null);
    }

    // ---- distances ----

    /** Cosine similarity along {@code dim}, each norm clamped to at least {@code eps} (PyTorch's {@code F.cosine_similarity}). */
    public static Tensor cosineSimilarity(Tensor x1, Tensor x2, int dim, double eps) { return Distances.cosineSimilarity(x1, x2, dim, eps); }

    /** Cosine similarity along dim 1, eps 1e-8. */
    public static Tensor cosineSimilarity(Tensor x1, Tensor x2) { return cosineSimilarity(x1, x2, 1, 1e-8); }

    /** {@code ||x1 - x2 + eps||_p} over the last dim (PyTorch's {@code F.pairwise_distance}). */
    public static Tensor pairwiseDistance(Tensor x1, Tensor x2, double p, double eps, boolean keepDim) {
        return Distances.pairwiseDistance(x1, x2, p, eps, keepDim);
    }

    /** Euclidean pairwise distance, eps 1e-6. */
    public static Tensor pairwiseDistance(Tensor x1, Tensor x2) { return pairwiseDistance(x1, x2, 2, 1e-6, false); }

    // ---- activations ----

    public static Tensor relu(Tensor x) { return x.relu(); }
    public static Tensor relu6(Tensor x) { return x.relu6(); }
    public static Tensor leakyRelu(Tensor x, double negativeSlope) { return x.leakyRelu(negativeSlope); }
    /** Leaky ReLU with PyTorch's slope 0.01. */
    public static Tensor leakyRelu(Tensor x) { return x.leakyRelu(0.01); }
    public static Tensor elu(Tensor x, double alpha) { return x.elu(alpha); }
    public static Tensor elu(Tensor x) { return x.elu(1.0); }
    public static Tensor selu(Tensor x) { return x.selu(); }
    public static Tensor celu(Tensor x, double alpha) { return x.celu(alpha); }
    public static Tensor gelu(Tensor x) { return x.gelu(); }
    /** {@code approximate} "none" or "tanh". */
    public static Tensor gelu(Tensor x, String approximate) { return x.gelu(approximate); }
    public static Tensor silu(Tensor x) { return x.silu(); }
    public static Tensor mish(Tensor x) { return x.mish(); }
    public static Tensor sigmoid(Tensor x) { return x.sigmoid(); }
    public static Tensor tanh(Tensor x) { return x.tanh(); }
    public static Tensor softplus(Tensor x) { return x.softplus(); }
    public static Tensor softsign(Tensor x) { return x.softsign(); }
    public static Tensor logsigmoid(Tensor x) { return x.logsigmoid(); }
    public static Tensor hardtanh(Tensor x, double min, double max) { return x.hardtanh(min, max); }
    public static Tensor hardtanh(Tensor x) { return x.hardtanh(); }
    public static Tensor hardsigmoid(Tensor x) { return x.hardsigmoid(); }
    public static Tensor hardswish(Tensor x) { return x.hardswish(); }
    public static Tensor glu(Tensor x, int dim) { return x.glu(dim); }
    public static Tensor softmax(Tensor x, int dim) { return x.softmax(dim); }
    public static Tensor logSoftmax(Tensor x, int dim) { return x.logSoftmax(dim); }
    public static Tensor softmin(Tensor x, int dim) { return x.softmin(dim); }

    // ---- losses (reduction MEAN unless given, as PyTorch) ----

    public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) { return new MSELoss(reduction).apply(input, target); }
    public static Tensor mseLoss(Tensor input, Tensor target) { return mseLoss(input, target, Reduction.MEAN); }
    public static Tensor l1Loss(Tensor input, Tensor target, Reduction reduction) { return new L1Loss(reduction).apply(input, target); }
    public static Tensor l1Loss(Tensor input, Tensor target) { return l1Loss(input, target, Reduction.MEAN); }
    public static Tensor huberLoss(Tensor input, Tensor target, Reduction reduction, double delta) {
        return new HuberLoss(delta, reduction).apply(input, target);
    }
    public static Tensor huberLoss(Tensor input, Tensor target) { return huberLoss(input, target, Reduction.MEAN, 1.0); }

    /** Smooth L1 with threshold {@code beta} (0: plain L1) (PyTorch's {@code F.smooth_l1_loss}). */
    public static Tensor smoothL1Loss(Tensor input, Tensor target, Reduction reduction, double beta) {
        return RegressionLosses.smoothL1(input, target, reduction, beta);
    }
    public static Tensor smoothL1Loss(Tensor input, Tensor target) { return smoothL1Loss(input, target, Reduction.MEAN, 1.0); }

    /** Binary cross-entropy on probabilities (PyTorch's {@code F.binary_cross_entropy}). */
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target, Reduction reduction) { return new BCELoss(reduction).apply(input, target); }
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target) { return binaryCrossEntropy(input, target, Reduction.MEAN); }

    /** Binary cross-entropy on logits; {@code posWeight} may be null (PyTorch's {@code F.binary_cross_entropy_with_logits}). */
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor posWeight, Reduction reduction) {
        return new BCEWithLogitsLoss(posWeight, reduction).apply(input, target);
    }
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target) { return binaryCrossEntropyWithLogits(input, target, null, Reduction.MEAN); }

    /** Cross-entropy on logits with class indices or probabilities; {@code weight} may be null (PyTorch's {@code F.cross_entropy}). */
    public static Tensor crossEntropy(Tensor input, Tensor target, Tensor weight, long ignoreIndex, double labelSmoothing, Reduction reduction) {
        return new CrossEntropyLoss(weight, ignoreIndex, labelSmoothing, reduction).apply(input, target);
    }
    public static Tensor crossEntropy(Tensor input, Tensor target) { return crossEntropy(input, target, null, NLLLoss.DEFAULT_IGNORE_INDEX, 0, Reduction.MEAN); }

    /** Negative log-likelihood of log-probabilities (PyTorch's {@code F.nll_loss}). */
    public static Tensor nllLoss(Tensor input, Tensor target, Tensor weight, long ignoreIndex, Reduction reduction) {
        return new NLLLoss(weight, ignoreIndex, reduction).apply(input, target);
    }
    public static Tensor nllLoss(Tensor input, Tensor target) { return nllLoss(input, target, null, NLLLoss.DEFAULT_IGNORE_INDEX, Reduction.MEAN); }

    /** KL divergence of log-probabilities {@code input} from {@code target} (PyTorch's {@code F.kl_div}). */
    public static Tensor klDiv(Tensor input, Tensor target, Reduction reduction, boolean logTarget) {
        return new KLDivLoss(reduction, logTarget).apply(input, target);
    }
    public static Tensor klDiv(Tensor input, Tensor target) { return klDiv(input, target, Reduction.MEAN, false); }

    /** {@code max(0, margin - target * score)} with targets ±1 (Ember's {@link HingeLoss}; PyTorch has no twin). */
    public static Tensor hingeLoss(Tensor input, Tensor target, double margin, Reduction reduction) {
        return new HingeLoss(margin, reduction).apply(input, target);
    }

    /** {@code max(0, -y (x1 - x2) + margin)} (PyTorch's {@code F.margin_ranking_loss}). */
    public static Tensor marginRankingLoss(Tensor input1, Tensor input2, Tensor target, double margin, Reduction reduction) {
        return MarginLosses.marginRanking(input1, input2, target, margin, reduction);
    }
    public static Tensor marginRankingLoss(Tensor input1, Tensor input2, Tensor target) {
        return marginRankingLoss(input1, input2, target, 0, Reduction.MEAN);
    }

    /** {@code log(1 + exp(-y x))} (PyTorch's {@code F.soft_margin_loss}). */
    public static Tensor softMarginLoss(Tensor input, Tensor target, Reduction reduction) { return MarginLosses.softMargin(input, target, reduction); }
    public static Tensor softMarginLoss(Tensor input, Tensor target) { return softMarginLoss(input, target, Reduction.MEAN); }

    /** Multi-class hinge of power {@code p} (1 or 2); {@code weight} may be null (PyTorch's {@code F.multi_margin_loss}). */
    public static Tensor multiMarginLoss(Tensor input, Tensor target, int p, double margin, Tensor weight, Reduction reduction) {
        return MarginLosses.multiMargin(input, target, p, margin, weight, reduction);
    }
    public static Tensor multiMarginLoss(Tensor input, Tensor target) { return multiMarginLoss(input, target, 1, 1, null, Reduction.MEAN); }

    /** Per-class logistic loss averaged over classes; {@code weight} may be null (PyTorch's {@code F.multilabel_soft_margin_loss}). */
    public static Tensor multilabelSoftMarginLoss(Tensor input, Tensor target, Tensor weight, Reduction reduction) {
        return MarginLosses.multilabelSoftMargin(input, target, weight, reduction);
    }
    public static Tensor multilabelSoftMarginLoss(Tensor input, Tensor target) { return multilabelSoftMarginLoss(input, target, null, Reduction.MEAN); }

    /** {@code 1 - cos} for {@code y = 1}, {@code max(0, cos - margin)} for {@code y = -1} (PyTorch's {@code F.cosine_embedding_loss}). */
    public static Tensor cosineEmbeddingLoss(Tensor input1, Tensor input2, Tensor target, double margin, Reduction reduction) {
        return MarginLosses.cosineEmbedding(input1, input2, target, margin, reduction);
    }
    public static Tensor cosineEmbeddingLoss(Tensor input1, Tensor input2, Tensor target) {
        return cosineEmbeddingLoss(input1, input2, target, 0, Reduction.MEAN);
    }

    /** {@code max(0, margin + d(a, p) - d(a, n))} with the p-norm pairwise distance (PyTorch's {@code F.triplet_margin_loss}). */
    public static Tensor tripletMarginLoss(Tensor anchor, Tensor positive, Tensor negative, double margin, double p,
                                           double eps, boolean swap, Reduction reduction) {
        return MarginLosses.tripletMargin(anchor, positive, negative, margin, p, eps, swap, reduction);
    }
    public static Tensor tripletMarginLoss(Tensor anchor, Tensor positive, Tensor negative) {
        return tripletMarginLoss(anchor, positive, negative, 1.0, 2, 1e-6, false, Reduction.MEAN);
    }

    /** Poisson negative log-likelihood (PyTorch's {@code F.poisson_nll_loss}). */
    public static Tensor poissonNllLoss(Tensor input, Tensor target, boolean logInput, boolean full, double eps, Reduction reduction) {
        return RegressionLosses.poissonNll(input, target, logInput, full, eps, reduction);
    }
    public static Tensor poissonNllLoss(Tensor input, Tensor target) { return poissonNllLoss(input, target, true, false, 1e-8, Reduction.MEAN); }

    /** Gaussian negative log-likelihood with predicted variances {@code var} (PyTorch's {@code F.gaussian_nll_loss}). */
    public static Tensor gaussianNllLoss(Tensor input, Tensor target, Tensor var, boolean full, double eps, Reduction reduction) {
        return RegressionLosses.gaussianNll(input, target, var, full, eps, reduction);
    }
    public static Tensor gaussianNllLoss(Tensor input, Tensor target, Tensor var) { return gaussianNllLoss(input, target, var, false, 1e-6, Reduction.MEAN); }

    /**
     * CTC loss of {@code logProbs [T, N, C]} (log-softmax over C) against {@code targets} padded {@code [N, S]} or
     * concatenated; MEAN divides each loss by its target length, then averages (PyTorch's {@code F.ctc_loss}).
     */
    public static Tensor ctcLoss(Tensor logProbs, Tensor targets, int[] inputLengths, int[] targetLengths, int blank,
                                 Reduction reduction, boolean zeroInfinity) {
        return Ctc.loss(logProbs, targets, inputLengths, targetLengths, blank, reduction, zeroInfinity);
    }
    public static Tensor ctcLoss(Tensor logProbs, Tensor targets, int[] inputLengths, int[] targetLengths) {
        return ctcLoss(logProbs, targets, inputLengths, targetLengths, 0, Reduction.MEAN, false);
    }
}
