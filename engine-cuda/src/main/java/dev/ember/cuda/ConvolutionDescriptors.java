package dev.ember.cuda;

import dev.ember.Shape;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * The cuDNN descriptors of one {@link ConvolutionKey}: input {@code x}, filter {@code w}, output {@code y} in the
 * key's dtype, and one convolution descriptor per direction in its compute type (float32 for the half types), since
 * cuDNN may pick a different math type for each. Creating them needs the library but no GPU.
 */
final class ConvolutionDescriptors implements AutoCloseable {
    final ConvolutionKey key;
    final long x;
    final long w;
    final long y;
    final long forward;
    final long backwardData;
    final long backwardFilter;
    private final Deque<Runnable> destroyers;

    private ConvolutionDescriptors(ConvolutionKey key, long x, long w, long y, long forward, long backwardData,
                                   long backwardFilter, Deque<Runnable> destroyers) {
        this.key = key;
        this.x = x;
        this.w = w;
        this.y = y;
        this.forward = forward;
        this.backwardData = backwardData;
        this.backwardFilter = backwardFilter;
        this.destroyers = destroyers;
    }

    /**
     * Creates the descriptors and checks that cuDNN's output size is the one {@link dev.ember.backend.ConvGeometry}
     * computes and that cuDNN's element size for the data type is the dtype's, so the backend's shapes and buffers
     * and cuDNN's never disagree silently.
     */
    static ConvolutionDescriptors create(ConvolutionKey key) {
        var destroyers = new ArrayDeque<Runnable>();
        try {
            int[] xs = key.xShape(), ws = key.wShape(), ys = key.yShape();
            long x = Cudnn.createTensor4d(key.dtype(), xs[0], xs[1], xs[2], xs[3]);
            destroyers.push(() -> Cudnn.destroyTensor(x));
            long w = Cudnn.createFilter4d(key.dtype(), ws[0], ws[1], ws[2], ws[3]);
            destroyers.push(() -> Cudnn.destroyFilter(w));
            long[] convolutions = new long[3];
            for (int i = 0; i < 3; i++) {
                long conv = Cudnn.createConvolution2d(key.geometry(), key.computeType(), key.mathType());
                destroyers.push(() -> Cudnn.destroyConvolution(conv));
                convolutions[i] = conv;
            }
            int[] cudnnShape = Cudnn.convolution2dForwardOutputDim(convolutions[0], x, w);
            if (!Arrays.equals(cudnnShape, ys)) {
                throw new IllegalStateException("cuDNN computes output " + Arrays.toString(cudnnShape) + " for " + key
                        + " but ConvGeometry computes " + Arrays.toString(ys));
            }
            long y = Cudnn.createTensor4d(key.dtype(), ys[0], ys[1], ys[2], ys[3]);
            destroyers.push(() -> Cudnn.destroyTensor(y));
            long bytes = Cudnn.tensorBytes(y), expected = (long) Shape.numel(ys) * key.dtype().byteSize();
            if (bytes != expected) {
                throw new IllegalStateException("cuDNN sizes the " + key.dtype() + " output " + Arrays.toString(ys)
                        + " at " + bytes + " bytes, Ember's storage holds " + expected);
            }
            return new ConvolutionDescriptors(key, x, w, y, convolutions[0], convolutions[1], convolutions[2],
                    destroyers);
        } catch (RuntimeException e) {
            destroyAll(destroyers, e);
            throw e;
        }
    }

    /** Destroys every descriptor, newest first; the first failure is thrown after all were tried. */
    @Override
    public void close() {
        RuntimeException first = destroyAll(destroyers, null);
        if (first != null) throw first;
    }

    /** Runs every destroyer; failures are added to {@code pending} when there is one, else the first is returned. */
    private static RuntimeException destroyAll(Deque<Runnable> destroyers, RuntimeException pending) {
        RuntimeException first = pending;
        while (!destroyers.isEmpty()) {
            try {
                destroyers.pop().run();
            } catch (RuntimeException e) {
                if (first == null) first = e;
                else first.addSuppressed(e);
            }
        }
        return first;
    }
}
