package dev.ember.nn.data;

import dev.ember.DType;
import dev.ember.Tensor;

/**
 * Converts inputs of any dtype to float32 and multiplies them by {@code scale}: raw pixel values 0..255 become
 * [0, 1] with {@code new ToFloat(1 / 255.0)}, as torchvision's {@code ToTensor}/{@code ConvertImageDtype} do for
 * bytes. Float inputs are scaled (and float64 narrowed) the same way.
 *
 * <pre>{@code
 * Transform t = new ToFloat(1 / 255.0);      // int64 [N, 1, 28, 28] of 0..255 -> float32 in [0, 1]
 * }</pre>
 */
public record ToFloat(double scale) implements Transform {
    public ToFloat {
        if (!Double.isFinite(scale)) throw new IllegalArgumentException("ToFloat: scale must be finite, got " + scale);
    }

    /** Conversion only, no scaling. */
    public ToFloat() { this(1); }

    @Override
    public Tensor transform(Tensor inputs) {
        Tensor x = inputs.to(DType.FLOAT32);
        return scale == 1 ? x : x.mul(scale);
    }
}
