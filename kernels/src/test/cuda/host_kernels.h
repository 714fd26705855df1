// host_check's lines for what the kernels compute per thread: reductions, softmax, gather, scatter, sort, pooling,
// scans and random fills, on fixed layouts (strided, transposed, broadcast, offset, rank 0 to 8, empty) and fixed
// data with ties, signed zeros, infinities and NaN. Each runs the kernels' own element functions: a pooling or indexing kernel's threads
// one after another; a reduction's EMBER_BLOCK threads each over its share of the elements, their partial results
// then combined in thread order (the GPU combines them in a tree: the same result for max/min/arg*, sums and
// products of this data are exact in any order); the two-pass reductions so for each part, then for each output's
// partials. Lines are "KIND key=value ...", lists comma-separated, element
// values in hex as host_print.h prints them, sizes and index values in decimal.
#pragma once

#include <cmath>
#include <limits>
#include <type_traits>
#include <vector>

#include "reduce_ops.cuh"
#include "softmax_ops.cuh"
#include "indexing_ops.cuh"
#include "pooling_ops.cuh"
#include "scan_ops.cuh"
#include "random_ops.cuh"
#include "sort_ops.cuh"
#include "host_print.h"

typedef std::vector<int> Dims;

static Strided strided(const Dims& shape, const Dims& strides, int offset) {
    Strided s{};
    s.rank = (int) shape.size();
    s.offset = offset;
    for (size_t d = 0; d < shape.size(); d++) {
        s.shape[d] = shape[d];
        s.strides[d] = strides[d];
    }
    return s;
}

static long long numel(const Dims& shape) {
    long long n = 1;
    for (int s : shape) n *= s;
    return n;
}

static Dims contiguous(const Dims& shape) {
    Dims strides(shape.size());
    int step = 1;
    for (size_t d = shape.size(); d-- > 0;) {
        strides[d] = step;
        step *= shape[d];
    }
    return strides;
}

// Elements a layout reaches (strides >= 0): its storage's size.
static size_t storage_size(const Dims& shape, const Dims& strides, int offset) {
    if (numel(shape) == 0) return (size_t) offset + 1;
    long long last = offset;
    for (size_t d = 0; d < shape.size(); d++) last += (long long) (shape[d] - 1) * strides[d];
    return (size_t) last + 1;
}

// The k-th test value: a fixed pattern with ties and signed zeros; `specials` adds NaN and infinities (floats)
// or the integer extremes. Sums of the float values are exact in double in any order.
template <typename T> static T datum(size_t k, bool specials) {
    const size_t at = (k * 7 + 3) % 29;
    if constexpr (is_floating<T>::value) {
        static const double plain[29] = {3, -1, 3, 0, -0.0, 7, -2.5, 7, 0.25, -0.5, 1.5, -7, 2, 5, -3,
                                         0.125, 6, -6, 1, 4, -4, 0.75, -0.0, 0, 3, -1.5, 2.5, -0.25, 7};
        if (specials && at == 13) return from_double<T>(NAN);
        if (specials && at == 20) return from_double<T>(INFINITY);
        if (specials && at == 27) return from_double<T>(-INFINITY);
        return from_double<T>(plain[at]);
    } else if constexpr (same_type<T, ember_bool>::value) {
        return at % 3 == 0 ? 1 : 0;
    } else {
        static const long long plain[29] = {3, -1, 3, 0, 7, -2, 7, 12345, -7, 5, -3, 6, -6, 1, 4,
                                            -4, 2, 9, -9, 11, 3, -1, 8, 0, -5, 10, 7, -8, 6};
        if (specials && at == 13) return std::numeric_limits<T>::max();
        if (specials && at == 20) return std::numeric_limits<T>::min();
        return (T) plain[at];
    }
}

template <typename T> static std::vector<T> data(size_t n, bool specials, size_t salt = 0) {
    std::vector<T> v(n);
    for (size_t k = 0; k < n; k++) v[k] = datum<T>(k + salt, specials);
    return v;
}

// ---- reductions ----

// A reduction over `dims` of x (shape, strides, offset) as engine-cuda passes it: `outer` the kept dims with x's
// offset and strides, `inner` the reduced dims at offset 0.
// `partLengths`: the two-pass splits to run it with, besides the one-pass kernel (unless !onePass).
struct ReduceCase {
    Dims shape, strides;
    int offset;
    Dims dims;
    bool specials;
    Dims partLengths;
    bool onePass;
};

template <typename T, bool PROD> static std::vector<typename std::conditional<is_floating<T>::value, T, long long>::type>
sum_outputs(const Strided& outer, const Strided& inner, const T* x, int nOut, int nInner) {
    typedef typename accumulator_of<T>::type A;
    typedef typename std::conditional<is_floating<T>::value, T, long long>::type R;
    std::vector<R> out(nOut);
    const sum_or_prod<PROD> combine{};
    for (int o = 0; o < nOut; o++) {
        A acc = PROD ? 1 : 0;
        for (int t = 0; t < EMBER_BLOCK; t++) acc = combine(acc, sum_partial<T, PROD>(outer, inner, x, o, t, EMBER_BLOCK, nInner));
        out[o] = store_accumulated<R>(acc);
    }
    return out;
}

template <typename T, bool MAX, bool ARG> static std::vector<typename std::conditional<ARG, long long, T>::type>
extreme_outputs(const Strided& outer, const Strided& inner, const T* x, int nOut, int nInner) {
    typedef typename accumulator_of<T>::type A;
    typedef typename std::conditional<ARG, long long, T>::type R;
    std::vector<R> out(nOut);
    const pick<MAX> combine{};
    for (int o = 0; o < nOut; o++) {
        Best<A> best = no_extreme<A, MAX>();
        for (int t = 0; t < EMBER_BLOCK; t++) best = combine(best, extreme_partial<T, MAX>(outer, inner, x, o, t, EMBER_BLOCK, nInner));
        out[o] = extreme_result<R, ARG>(best);
    }
    return out;
}

// The two-pass kernels (OP_partials_T, then OP_combine_T) with the split (parts, partLength): the first pass's
// EMBER_BLOCK threads over each part of each output, then the second's over each output's partials.
template <typename T, bool PROD> static std::vector<typename std::conditional<is_floating<T>::value, T, long long>::type>
sum_outputs_in_parts(const Strided& outer, const Strided& inner, const T* x, int nOut, int nInner, int parts,
                     int partLength) {
    typedef typename accumulator_of<T>::type A;
    typedef typename std::conditional<is_floating<T>::value, T, long long>::type R;
    const sum_or_prod<PROD> combine{};
    std::vector<A> partials((size_t) nOut * parts);
    for (long long k = 0; k < (long long) nOut * parts; k++) {
        const long long o = k / parts;
        const Part part = part_of(k - o * parts, partLength, nInner);
        A acc = PROD ? 1 : 0;
        for (int t = 0; t < EMBER_BLOCK; t++) {
            acc = combine(acc, sum_partial<T, PROD>(outer, inner, x, o, part.first + t, EMBER_BLOCK, part.end));
        }
        partials[k] = acc;
    }
    std::vector<R> out(nOut);
    for (long long o = 0; o < nOut; o++) {
        A acc = PROD ? 1 : 0;
        const long long first = o * parts;
        for (int t = 0; t < EMBER_BLOCK; t++) {
            acc = combine(acc, sum_of_partials<A, PROD>(partials.data(), first + t, EMBER_BLOCK, first + parts));
        }
        out[o] = store_accumulated<R>(acc);
    }
    return out;
}

template <typename T, bool MAX, bool ARG> static std::vector<typename std::conditional<ARG, long long, T>::type>
extreme_outputs_in_parts(const Strided& outer, const Strided& inner, const T* x, int nOut, int nInner, int parts,
                         int partLength) {
    typedef typename accumulator_of<T>::type A;
    typedef typename std::conditional<ARG, long long, T>::type R;
    const pick<MAX> combine{};
    std::vector<A> values((size_t) nOut * parts);
    std::vector<long long> indices((size_t) nOut * parts);
    for (long long k = 0; k < (long long) nOut * parts; k++) {
        const long long o = k / parts;
        const Part part = part_of(k - o * parts, partLength, nInner);
        Best<A> best = no_extreme<A, MAX>();
        for (int t = 0; t < EMBER_BLOCK; t++) {
            best = combine(best, extreme_partial<T, MAX>(outer, inner, x, o, part.first + t, EMBER_BLOCK, part.end));
        }
        values[k] = best.value;
        indices[k] = best.index;
    }
    std::vector<R> out(nOut);
    for (long long o = 0; o < nOut; o++) {
        Best<A> best = no_extreme<A, MAX>();
        const long long first = o * parts;
        for (int t = 0; t < EMBER_BLOCK; t++) {
            best = combine(best, best_of_partials<A, MAX>(values.data(), indices.data(), first + t, EMBER_BLOCK,
                                                          first + parts));
        }
        out[o] = extreme_result<R, ARG>(best);
    }
    return out;
}

// parts 0: the one-pass kernel.
template <typename T, typename R>
static void reduce_line(const char* op, const ReduceCase& c, int parts, int partLength, const std::vector<T>& x,
                        const std::vector<R>& out) {
    std::printf("reduce op=%s t=%s", op, suffix<T>::name);
    put_decimal("shape", c.shape);
    put_decimal("strides", c.strides);
    put_decimal("offset", c.offset);
    put_decimal("dims", c.dims);
    put_decimal("parts", parts);
    put_decimal("part_length", partLength);
    put_list("x", x);
    put_list("out", out);
    std::printf("\n");
}

template <typename T> static void reduce_lines(const ReduceCase& c) {
    Dims keptShape, keptStrides, reducedShape, reducedStrides;
    for (size_t d = 0; d < c.shape.size(); d++) {
        bool reduced = false;
        for (int r : c.dims) reduced |= r == (int) d;
        (reduced ? reducedShape : keptShape).push_back(c.shape[d]);
        (reduced ? reducedStrides : keptStrides).push_back(c.strides[d]);
    }
    const Strided outer = strided(keptShape, keptStrides, c.offset), inner = strided(reducedShape, reducedStrides, 0);
    const int nOut = (int) numel(keptShape), nInner = (int) numel(reducedShape);
    const std::vector<T> x = data<T>(storage_size(c.shape, c.strides, c.offset), c.specials);
    const T* xp = x.data();
    if (c.onePass) {
        reduce_line("sum", c, 0, 0, x, sum_outputs<T, false>(outer, inner, xp, nOut, nInner));
        reduce_line("prod", c, 0, 0, x, sum_outputs<T, true>(outer, inner, xp, nOut, nInner));
        reduce_line("max", c, 0, 0, x, extreme_outputs<T, true, false>(outer, inner, xp, nOut, nInner));
        reduce_line("min", c, 0, 0, x, extreme_outputs<T, false, false>(outer, inner, xp, nOut, nInner));
        reduce_line("argmax", c, 0, 0, x, extreme_outputs<T, true, true>(outer, inner, xp, nOut, nInner));
        reduce_line("argmin", c, 0, 0, x, extreme_outputs<T, false, true>(outer, inner, xp, nOut, nInner));
    }
    for (int length : c.partLengths) {
        // As engine-cuda's ReductionSplit: as many parts as cover the elements, at least one.
        const int parts = nInner == 0 ? 1 : (int) ((nInner + (long long) length - 1) / length);
        reduce_line("sum", c, parts, length, x, sum_outputs_in_parts<T, false>(outer, inner, xp, nOut, nInner, parts, length));
        reduce_line("prod", c, parts, length, x, sum_outputs_in_parts<T, true>(outer, inner, xp, nOut, nInner, parts, length));
        reduce_line("max", c, parts, length, x,
                    extreme_outputs_in_parts<T, true, false>(outer, inner, xp, nOut, nInner, parts, length));
        reduce_line("min", c, parts, length, x,
                    extreme_outputs_in_parts<T, false, false>(outer, inner, xp, nOut, nInner, parts, length));
        reduce_line("argmax", c, parts, length, x,
                    extreme_outputs_in_parts<T, true, true>(outer, inner, xp, nOut, nInner, parts, length));
        reduce_line("argmin", c, parts, length, x,
                    extreme_outputs_in_parts<T, false, true>(outer, inner, xp, nOut, nInner, parts, length));
    }
}

static void reduce_lines_all_types(const ReduceCase& c) {
    reduce_lines<ember_bool>(c);
    reduce_lines<int>(c);
    reduce_lines<long long>(c);
    reduce_lines<float>(c);
    reduce_lines<double>(c);
    reduce_lines<__half>(c);
    reduce_lines<__nv_bfloat16>(c);
}

// Part lengths for a case of n reduced elements: one part, two (n odd: the last one shorter), parts of 7 (most
// without the extreme, so it is found in a later part) and of 1 (parts beyond the block's 256 threads in the
// second pass, for n over 256).
static Dims splits(int n) {
    Dims lengths{n > 0 ? n : 1, n > 1 ? (n + 1) / 2 : 1, 7, 1};
    return lengths;
}

static void reduction_lines() {
    const Dims cube{3, 4, 5}, packed = contiguous(cube);
    reduce_lines_all_types({cube, packed, 0, {2}, true, splits(5), true});
    reduce_lines_all_types({cube, packed, 0, {1}, true, splits(4), true});
    reduce_lines_all_types({cube, packed, 0, {0, 2}, true, splits(15), true});
    reduce_lines_all_types({cube, packed, 0, {0, 1, 2}, true, splits(60), true});
    reduce_lines_all_types({cube, packed, 0, {}, true, splits(1), true});
    reduce_lines_all_types({{4, 3}, {1, 4}, 2, {0}, true, splits(4), true});          // transposed, at an offset
    reduce_lines_all_types({{4, 3}, {1, 4}, 2, {1}, true, splits(3), true});
    reduce_lines_all_types({{3, 4}, {0, 1}, 1, {0}, true, splits(3), true});          // broadcast along the reduced dim
    reduce_lines_all_types({{3, 4}, {0, 1}, 1, {1}, true, splits(4), true});
    const Dims eight{2, 1, 2, 1, 2, 1, 2, 3};
    reduce_lines_all_types({eight, contiguous(eight), 0, {1, 3, 5, 7}, true, splits(3), true});
    reduce_lines_all_types({eight, contiguous(eight), 3, {0, 2, 4, 6}, true, splits(8), true});
    reduce_lines_all_types({{0, 3}, {3, 1}, 0, {0}, true, splits(0), true});          // empty: every output is the starting value
    reduce_lines_all_types({{2, 600}, {600, 1}, 0, {1}, false, splits(600), true});   // more elements than threads
    reduce_lines_all_types({{}, {}, 4, {}, true, splits(1), true});                   // a scalar
    // Around engine-cuda's ReductionSplit threshold (MIN_PART 4096: two parts from 8192 elements per output), with
    // the split it makes (8192 in 2 x 4096, 8193 in 4097 + 4096) and others whose last part is short; ties (equal
    // values, NaN) fall in every part, so the first-index rule decides across parts.
    reduce_lines_all_types({{1, 8191}, {8191, 1}, 0, {1}, false, {}, true});
    reduce_lines_all_types({{1, 8192}, {8192, 1}, 0, {1}, false, {4096, 4095}, false});
    reduce_lines_all_types({{1, 8193}, {8193, 1}, 0, {1}, true, {4097}, false});
    reduce_lines_all_types({{8193, 2}, {1, 8193}, 3, {0}, true, {4097, 2731}, false});   // transposed, 2 outputs
}

// ---- softmax ----

template <typename T> static void softmax_lines(int rows, int length, bool specials, bool log_softmax) {
    const std::vector<T> x = data<T>((size_t) rows * length, specials);
    std::vector<T> out(x.size());
    for (int r = 0; r < rows; r++) {
        typedef typename compute_of<T>::type C;
        const T* row = x.data() + (size_t) r * length;
        C max = (C) -INFINITY;
        for (int t = 0; t < EMBER_BLOCK; t++) max = java_max(max, row_max_partial(row, t, EMBER_BLOCK, length));
        double sum = 0;
        for (int t = 0; t < EMBER_BLOCK; t++) sum += exp_sum_partial(row, max, t, EMBER_BLOCK, length);
        const SoftmaxRow<C> stats = softmax_row(max, sum);
        for (int j = 0; j < length; j++) {
            out[(size_t) r * length + j] = store_as<T>(softmax_value(load_as<C>(row[j]), stats, log_softmax));
        }
    }
    std::printf("softmax t=%s", suffix<T>::name);
    put_decimal("rows", rows);
    put_decimal("length", length);
    put_decimal("log", log_softmax ? 1 : 0);
    put_list("x", x);
    put_list("out", out);
    std::printf("\n");
}

static void softmax_lines() {
    for (int log_softmax = 0; log_softmax < 2; log_softmax++) {
        softmax_lines<float>(3, 1, false, log_softmax);
        softmax_lines<float>(4, 7, false, log_softmax);
        softmax_lines<float>(2, 300, false, log_softmax);
        softmax_lines<float>(5, 9, true, log_softmax);   // rows with NaN and infinities
        softmax_lines<double>(3, 1, false, log_softmax);
        softmax_lines<double>(4, 7, false, log_softmax);
        softmax_lines<double>(2, 300, false, log_softmax);
        softmax_lines<double>(5, 9, true, log_softmax);
        softmax_lines<__half>(4, 7, false, log_softmax);
        softmax_lines<__half>(2, 300, false, log_softmax);
        softmax_lines<__half>(5, 9, true, log_softmax);
        softmax_lines<__nv_bfloat16>(4, 7, false, log_softmax);
        softmax_lines<__nv_bfloat16>(2, 300, false, log_softmax);
        softmax_lines<__nv_bfloat16>(5, 9, true, log_softmax);
    }
}

// ---- gather and scatter ----

struct Operand {
    Dims shape, strides;
    int offset;
};

static void put_operand(const char* name, const Operand& o) {
    char key[32];
    std::snprintf(key, sizeof key, "%s_shape", name);
    put_decimal(key, o.shape);
    std::snprintf(key, sizeof key, "%s_strides", name);
    put_decimal(key, o.strides);
    std::snprintf(key, sizeof key, "%s_offset", name);
    put_decimal(key, o.offset);
}

// out (contiguous, the index's shape) = src gathered along dim.
template <typename T> static void gather_line(const Operand& src, int dim, const Operand& index,
                                              const std::vector<long long>& ip) {
    const std::vector<T> s = data<T>(storage_size(src.shape, src.strides, src.offset), true);
    const Strided out = strided(index.shape, contiguous(index.shape), 0);
    std::vector<T> o((size_t) numel(index.shape));
    const Strided sS = strided(src.shape, src.strides, src.offset), iS = strided(index.shape, index.strides, index.offset);
    for (unsigned int i = 0; i < o.size(); i++) gather_element<T>(sS, s.data(), dim, iS, ip.data(), out, o.data(), i);
    std::printf("gather t=%s", suffix<T>::name);
    put_decimal("dim", dim);
    put_operand("src", src);
    put_operand("index", index);
    put_decimal("index", ip);
    put_list("src", s);
    put_list("out", o);
    std::printf("\n");
}

// dst's whole storage after scattering src (the index's shape) along dim.
template <typename T, bool ADD> static void scatter_line(const Operand& dst, int dim, const Operand& index,
                                                        const std::vector<long long>& ip, const Operand& src) {
    const std::vector<T> d = data<T>(storage_size(dst.shape, dst.strides, dst.offset), true);
    const std::vector<T> s = data<T>(storage_size(src.shape, src.strides, src.offset), true, 11);
    std::vector<T> result = d;
    const Strided dS = strided(dst.shape, dst.strides, dst.offset), iS = strided(index.shape, index.strides, index.offset);
    const Strided sS = strided(src.shape, src.strides, src.offset);
    for (unsigned int i = 0; i < numel(index.shape); i++) {
        scatter_element<T, ADD>(dS, result.data(), dim, iS, ip.data(), sS, s.data(), i);
    }
    std::printf("scatter mode=%s t=%s", ADD ? "add" : "replace", suffix<T>::name);
    put_decimal("dim", dim);
    put_operand("dst", dst);
    put_operand("index", index);
    put_operand("src", src);
    put_decimal("index", ip);
    put_list("src", s);
    put_list("dst", d);
    put_list("out", result);
    std::printf("\n");
}

// ADD: false for the half types, which have no scatter add kernel of their own (engine-cuda adds them with
// scatter_add_f32 on a float32 copy of dst, cast there and back by the copy kernels host_elements.h checks).
template <typename T, bool ADD = true> static void indexing_lines() {
    // along dim 1 of a transposed [3, 5] at an offset
    gather_line<T>({{3, 5}, {1, 3}, 1}, 1, {{3, 4}, {4, 1}, 0}, {4, 0, 2, 2, 1, 3, 0, 4, 3, 3, 1, 0});
    // along dim 0, the index read through a transposed layout
    gather_line<T>({{4, 3}, {3, 1}, 0}, 0, {{2, 3}, {1, 2}, 0}, {3, 0, 1, 1, 2, 3});
    // rank 3, the index broadcast along dim 0
    gather_line<T>({{2, 3, 4}, {12, 4, 1}, 0}, 2, {{2, 3, 2}, {0, 2, 1}, 0}, {3, 0, 1, 1, 2, 2});
    // replace: distinct targets within each row; src transposed
    scatter_line<T, false>({{3, 5}, {5, 1}, 0}, 1, {{3, 2}, {2, 1}, 0}, {1, 3, 2, 4, 0, 3}, {{3, 2}, {1, 3}, 0});
    if constexpr (ADD) {
        // add: repeated targets along dim 0 of a [4, 3] at an offset
        scatter_line<T, true>({{4, 3}, {3, 1}, 2}, 0, {{5, 3}, {3, 1}, 0},
                              {0, 1, 2, 3, 3, 3, 0, 0, 1, 2, 1, 0, 3, 2, 2}, {{5, 3}, {3, 1}, 0});
        // add along dim 1 of a transposed destination, the index smaller than it along dim 0
        scatter_line<T, true>({{3, 4}, {1, 3}, 0}, 1, {{2, 3}, {3, 1}, 0}, {0, 3, 3, 1, 1, 2}, {{2, 3}, {3, 1}, 1});
    }
}

// ---- scans ----

// The scan KIND of x (shape, strides, offset) along dim into a contiguous out, row by row as the kernel's threads
// do: x_rows and out_rows are the layouts without dim, the scanned dim passed as its length and strides.
template <typename T, int KIND> static void scan_line(const char* op, const Dims& shape, const Dims& strides, int offset,
                                                     int dim, const std::vector<T>& x) {
    const Dims out_strides = contiguous(shape);
    Dims kept_shape, x_kept, out_kept;
    for (size_t d = 0; d < shape.size(); d++) {
        if ((int) d == dim) continue;
        kept_shape.push_back(shape[d]);
        x_kept.push_back(strides[d]);
        out_kept.push_back(out_strides[d]);
    }
    const Strided x_rows = strided(kept_shape, x_kept, offset), out_rows = strided(kept_shape, out_kept, 0);
    std::vector<T> out((size_t) numel(shape));
    std::vector<long long> idx(out.size());
    for (unsigned int r = 0; r < numel(kept_shape); r++) {
        scan_row<T, KIND>(x_rows, x.data(), strides[dim], out_rows, out.data(), idx.data(), out_strides[dim],
                          shape[dim], r);
    }
    std::printf("scan op=%s t=%s", op, suffix<T>::name);
    put_decimal("dim", dim);
    put_decimal("shape", shape);
    put_decimal("strides", strides);
    put_decimal("offset", offset);
    put_list("x", x);
    put_list("out", out);
    if (KIND == SCAN_MAX || KIND == SCAN_MIN) put_decimal("idx", idx);
    std::printf("\n");
}

template <typename T, int KIND> static void scan_line(const char* op, const Dims& shape, const Dims& strides, int offset,
                                                     int dim, bool specials) {
    scan_line<T, KIND>(op, shape, strides, offset, dim, data<T>(storage_size(shape, strides, offset), specials));
}

template <typename T, int KIND> static void scan_lines(const char* op) {
    for (int specials = 0; specials < 2; specials++) {
        scan_line<T, KIND>(op, {13}, {1}, 0, 0, specials);
        scan_line<T, KIND>(op, {3, 5}, {1, 3}, 1, 0, specials);           // along dim 0 of a transposed view
        scan_line<T, KIND>(op, {3, 5}, {1, 3}, 1, 1, specials);
        scan_line<T, KIND>(op, {2, 4, 3}, {24, 3, 1}, 2, 1, specials);    // the middle dim of a slice at an offset
        scan_line<T, KIND>(op, {4, 3}, {0, 2}, 0, 0, specials);           // broadcast along the scanned dim
        scan_line<T, KIND>(op, {2, 1, 2, 1, 2, 1, 2, 3}, {48, 24, 12, 12, 6, 6, 3, 1}, 0, 7, specials);   // rank 8
        scan_line<T, KIND>(op, {1, 300}, {300, 1}, 0, 1, specials);       // one long row
    }
}

// A half cumsum whose rounding shows: big, 1, then tiny 298 times. big + 1 is a tie between two half values and
// tiny is far below float's ulp at big (128 or 256 tinies make half of it), so the CPU's way (double sums, each
// rounded to float, then to the half type) gives big for the first outputs and big + 2 once the tinies add up to
// more than half a float ulp; rounding the double straight to the half type gives big + 2 from the third output
// on, and summing in float gives big throughout.
template <typename T> static void scan_rounding_line(double big, double tiny) {
    std::vector<T> x(300, from_double<T>(tiny));
    x[0] = from_double<T>(big);
    x[1] = from_double<T>(1);
    scan_line<T, SCAN_SUM>("cumsum", {300}, {1}, 0, 0, x);
}

template <typename T> static void half_scan_lines() {
    scan_lines<T, SCAN_MAX>("cummax");
    scan_lines<T, SCAN_MIN>("cummin");
    scan_lines<T, SCAN_SUM>("cumsum");
    scan_lines<T, SCAN_PROD>("cumprod");
    scan_lines<T, SCAN_LOGSUMEXP>("logcumsumexp");
}

static void scan_lines() {
    scan_lines<ember_bool, SCAN_MAX>("cummax");
    scan_lines<ember_bool, SCAN_MIN>("cummin");
    scan_lines<int, SCAN_MAX>("cummax");
    scan_lines<int, SCAN_MIN>("cummin");
    scan_lines<long long, SCAN_MAX>("cummax");
    scan_lines<long long, SCAN_MIN>("cummin");
    scan_lines<long long, SCAN_SUM>("cumsum");
    scan_lines<long long, SCAN_PROD>("cumprod");
    scan_lines<float, SCAN_MAX>("cummax");
    scan_lines<float, SCAN_MIN>("cummin");
    scan_lines<float, SCAN_SUM>("cumsum");
    scan_lines<float, SCAN_PROD>("cumprod");
    scan_lines<float, SCAN_LOGSUMEXP>("logcumsumexp");
    scan_lines<double, SCAN_MAX>("cummax");
    scan_lines<double, SCAN_MIN>("cummin");
    scan_lines<double, SCAN_SUM>("cumsum");
    scan_lines<double, SCAN_PROD>("cumprod");
    scan_lines<double, SCAN_LOGSUMEXP>("logcumsumexp");
    half_scan_lines<__half>();
    half_scan_lines<__nv_bfloat16>();
    scan_rounding_line<__half>(2048, 0x1.0p-20);
    scan_rounding_line<__nv_bfloat16>(256, 0x1.0p-24);
}

// ---- random fills ----

// A whole fill of n elements at (seed, counter), element by element as the kernel's threads: the CPU backend's
// random(...) of the same arguments must give it (uniform bit for bit). The counters near 2^64 wrap.
template <typename T> static void random_fill_line(const char* dist, long long seed, long long counter, int n) {
    std::vector<T> out((size_t) n);
    const unsigned long long s = (unsigned long long) seed, c = (unsigned long long) counter;
    for (int i = 0; i < n; i++) {
        out[i] = dist[0] == 'u' ? random_uniform_element<T>(s, c, i) : random_normal_element<T>(s, c, i);
    }
    std::printf("random_fill dist=%s t=%s", dist, suffix<T>::name);
    put_decimal("seed", seed);
    put_decimal("counter", counter);
    put_list("out", out);
    std::printf("\n");
}

// The half types' uniform fills are long: a float32 draw whose bits below the half type's precision are exactly a
// rounding tie comes about once in 2^12 to 2^16 draws, and those are where rounding the float32 draw (the CPU's)
// and rounding the double draw part.
template <typename T> static void random_fill_lines(int uniforms, int normals) {
    for (const char* dist : {"uniform", "normal"}) {
        const int n = dist[0] == 'u' ? uniforms : normals;
        random_fill_line<T>(dist, 42, 0, n);
        random_fill_line<T>(dist, -123456789, -5, n);   // the counter wraps past 2^64
        random_fill_line<T>(dist, std::numeric_limits<long long>::min(), 1000003, 7);
    }
}

static void random_fill_lines() {
    random_fill_lines<float>(1000, 1000);
    random_fill_lines<double>(1000, 1000);
    random_fill_lines<__half>(1 << 16, 4096);
    random_fill_lines<__nv_bfloat16>(1 << 16, 4096);
}

// ---- sort ----

// Every line of x along dim as engine-cuda passes it (`lines`: x's other dims at x's offset; `outLines`: the
// contiguous outputs' other dims), the kernel's threads one after another, each with its own scratch row.
template <typename T> static void sort_case(const Operand& x, int dim, bool descending) {
    const std::vector<T> xs = data<T>(storage_size(x.shape, x.strides, x.offset), true);
    const Dims out = contiguous(x.shape);
    Dims kept, keptX, keptOut;
    for (size_t d = 0; d < x.shape.size(); d++) {
        if ((int) d == dim) continue;
        kept.push_back(x.shape[d]);
        keptX.push_back(x.strides[d]);
        keptOut.push_back(out[d]);
    }
    const size_t n = (size_t) numel(x.shape);
    std::vector<T> values(n), scratchValues(n);
    std::vector<long long> indices(n), scratchIndices(n);
    const Strided lines = strided(kept, keptX, x.offset), outLines = strided(kept, keptOut, 0);
    const int rows = (int) numel(kept);
    for (int r = 0; r < rows; r++) {
        sort_line<T>(lines, xs.data(), x.strides[dim], outLines, out[dim], values.data(), indices.data(),
                     scratchValues.data(), scratchIndices.data(), (unsigned int) r, x.shape[dim], descending);
    }
    std::printf("sort t=%s", suffix<T>::name);
    put_decimal("dim", dim);
    put_decimal("descending", descending ? 1 : 0);
    put_operand("x", x);
    put_list("x", xs);
    put_list("values", values);
    put_decimal("indices", indices);
    std::printf("\n");
}

template <typename T> static void sort_lines() {
    for (int descending = 0; descending < 2; descending++) {
        sort_case<T>({{3, 5}, {5, 1}, 0}, 1, descending);
        sort_case<T>({{3, 5}, {5, 1}, 0}, 0, descending);
        sort_case<T>({{4, 6}, {1, 4}, 0}, 1, descending);   // transposed
        sort_case<T>({{4, 6}, {1, 4}, 0}, 0, descending);
        sort_case<T>({{2, 3, 4}, {1, 8, 2}, 5}, 1, descending);   // permuted, at an offset
        sort_case<T>({{3, 7}, {0, 1}, 0}, 1, descending);   // broadcast lines
        sort_case<T>({{5, 1}, {1, 1}, 0}, 1, descending);   // lines of one
        sort_case<T>({{300}, {1}, 2}, 0, descending);   // many merge passes, an odd tail
        sort_case<T>({{129}, {3}, 1}, 0, descending);   // stepped
        sort_case<T>({{0, 3}, {3, 1}, 0}, 1, descending);   // no lines
    }
}

// ---- pooling ----

template <typename T> static void pool_lines(int N, int C, int H, int W, int kH, int kW, int sH, int sW, int pH, int pW) {
    const int oH = (H + 2 * pH - kH) / sH + 1, oW = (W + 2 * pW - kW) / sW + 1;
    const Pool2d g{N, C, H, W, oH, oW, kH, kW, sH, sW, pH, pW};
    const std::vector<int> geometry{N, C, H, W, oH, oW, kH, kW, sH, sW, pH, pW};
    const std::vector<T> x = data<T>((size_t) N * C * H * W, true);
    const size_t outputs = (size_t) N * C * oH * oW;
    std::vector<T> out(outputs);
    std::vector<long long> idx(outputs);
    for (unsigned int o = 0; o < outputs; o++) max_pool2d_element<T>(x.data(), out.data(), idx.data(), g, o);
    std::printf("pool op=max t=%s", suffix<T>::name);
    put_decimal("geometry", geometry);
    put_list("x", x);
    put_list("out", out);
    put_decimal("idx", idx);
    std::printf("\n");

    const std::vector<T> finite = data<T>(x.size(), false);
    for (unsigned int o = 0; o < outputs; o++) avg_pool2d_element<T>(finite.data(), out.data(), g, o);
    std::printf("pool op=avg t=%s", suffix<T>::name);
    put_decimal("geometry", geometry);
    put_list("x", finite);
    put_list("out", out);
    std::printf("\n");

    const std::vector<T> dy = data<T>(outputs, false, 5);
    std::vector<T> dx(x.size());
    for (unsigned int e = 0; e < dx.size(); e++) avg_pool2d_backward_element<T>(dy.data(), dx.data(), g, e);
    std::printf("pool op=avg_backward t=%s", suffix<T>::name);
    put_decimal("geometry", geometry);
    put_list("dy", dy);
    put_list("dx", dx);
    std::printf("\n");
}

template <typename T> static void pooling_lines() {
    pool_lines<T>(2, 3, 7, 6, 3, 2, 2, 1, 1, 1);
    pool_lines<T>(1, 2, 6, 6, 2, 2, 2, 2, 0, 0);   // the CPU's 2x2 stride-2 path
    pool_lines<T>(1, 1, 5, 5, 3, 3, 1, 1, 1, 1);
    pool_lines<T>(1, 2, 1, 9, 1, 3, 1, 2, 0, 1);   // 1-D
    pool_lines<T>(1, 1, 4, 4, 1, 1, 1, 1, 0, 0);
    pool_lines<T>(1, 1, 8, 8, 4, 4, 3, 3, 2, 2);
}

static void kernel_lines() {
    reduction_lines();
    softmax_lines();
    indexing_lines<ember_bool>();
    indexing_lines<int>();
    indexing_lines<long long>();
    indexing_lines<float>();
    indexing_lines<double>();
    indexing_lines<__half, false>();
    indexing_lines<__nv_bfloat16, false>();
    sort_lines<ember_bool>();
    sort_lines<int>();
    sort_lines<long long>();
    sort_lines<float>();
    sort_lines<double>();
    sort_lines<__half>();
    sort_lines<__nv_bfloat16>();
    pooling_lines<float>();
    pooling_lines<double>();
    pooling_lines<__half>();
    pooling_lines<__nv_bfloat16>();
    scan_lines();
    random_fill_lines();
}
