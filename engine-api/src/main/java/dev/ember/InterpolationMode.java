package dev.ember;

/**
 * The resampling rule of {@link Tensor#interpolate(int[], InterpolationMode, boolean)}, as PyTorch's
 * {@code F.interpolate} modes: {@code NEAREST} (PyTorch's "nearest", source index {@code floor(dst * in / out)}),
 * {@code NEAREST_EXACT} ("nearest-exact", {@code floor((dst + 0.5) * in / out)}), and the interpolating modes
 * {@code LINEAR} (3-D input), {@code BILINEAR} (4-D), {@code BICUBIC} (4-D, cubic convolution with
 * {@code A = -0.75}) and {@code TRILINEAR} (5-D).
 */
public enum InterpolationMode {
    NEAREST, NEAREST_EXACT, LINEAR, BILINEAR, BICUBIC, TRILINEAR;

    /** True for the modes that weigh neighbours, which take {@code alignCorners}. */
    boolean interpolates() { return this != NEAREST && this != NEAREST_EXACT; }

    /** The input rank the mode needs, or 0 when any of 3, 4 and 5 will do. */
    int rank() {
        return switch (this) {
            case LINEAR -> 3;
            case BILINEAR, BICUBIC -> 4;
            case TRILINEAR -> 5;
            default -> 0;
        };
    }
}
