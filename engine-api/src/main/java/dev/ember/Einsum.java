package dev.ember;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code einsum} as a composite, so it needs no gradient rule and runs on every backend: a subscript repeated
 * within an operand takes that diagonal (a view), a subscript found in one operand only and not in the output is
 * summed there, and the operands are then contracted left to right, each pair as one batched matmul
 * ({@code [batch, left, contracted] @ [batch, contracted, right]}) after a permute and reshape. Integer operands,
 * which matmul refuses, are contracted by a broadcast multiply and a sum instead.
 */
final class Einsum {
    private Einsum() {}

    /** Labels: 'A'..'Z' are 0..25, 'a'..'z' 26..51 (the implicit output's order), ellipsis dims from 52 on. */
    private static final int ELLIPSIS = 52;

    private static int label(char c, String equation) {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return 26 + c - 'a';
        throw new IllegalArgumentException("einsum: invalid subscript '" + c + "' in \"" + equation + "\"; use letters a-z, A-Z and ...");
    }

    private static char letter(int label) {
        return label < 26 ? (char) ('A' + label) : (char) ('a' + label - 26);
    }

    /** A term's letters, with -1 where its "..." stands. */
    private static List<Integer> parseTerm(String term, String equation) {
        List<Integer> out = new ArrayList<>();
        boolean ellipsis = false;
        for (int i = 0; i < term.length(); i++) {
            if (term.startsWith("...", i)) {
                if (ellipsis) throw new IllegalArgumentException("einsum: more than one ... in \"" + term + "\" of \"" + equation + "\"");
                ellipsis = true;
                out.add(-1);
                i += 2;
            } else {
                out.add(label(term.charAt(i), equation));
            }
        }
        return out;
    }

    /** A tensor whose dim {@code k} carries subscript {@code labels.get(k)}. */
    private record Term(Tensor t, List<Integer> labels) {}

    static Tensor einsum(String equation, List<Tensor> operands) {
        String eq = equation.replace(" ", "");
        int arrow = eq.indexOf("->");
        String lhs = arrow < 0 ? eq : eq.substring(0, arrow);
        String[] terms = lhs.split(",", -1);
        if (operands.isEmpty()) throw new IllegalArgumentException("einsum: no operands given for \"" + equation + "\"");
        if (terms.length != operands.size()) {
            throw new IllegalArgumentException("einsum: \"" + equation + "\" has " + terms.length + " operand terms but "
                    + operands.size() + " operands were given");
        }
        for (Tensor t : operands) Ops.sameDevice("einsum", operands.get(0), t);

        // the ellipsis dims of all operands broadcast together, aligned on the right
        List<List<Integer>> parsed = new ArrayList<>();
        int ellipsisRank = 0;
        for (int k = 0; k < terms.length; k++) {
            List<Integer> p = parseTerm(terms[k], equation);
            int letters = (int) p.stream().filter(l -> l >= 0).count();
            int rank = operands.get(k).rank();
            boolean hasEllipsis = p.contains(-1);
            if (hasEllipsis ? letters > rank : letters != rank) {
                throw new IllegalArgumentException("einsum: operand " + k + " has shape " + Shape.str(operands.get(k).shape())
                        + " but its subscripts \"" + terms[k] + "\" in \"" + equation + "\" name " + letters + " dims"
                        + (hasEllipsis ? " besides ..." : ""));
            }
            if (hasEllipsis) ellipsisRank = Math.max(ellipsisRank, rank - letters);
            parsed.add(p);
        }
        List<Term> ops = new ArrayList<>();
        for (int k = 0; k < terms.length; k++) {
            List<Integer> labels = new ArrayList<>();
            int ellipsisDims = operands.get(k).rank() - (int) parsed.get(k).stream().filter(l -> l >= 0).count();
            for (int l : parsed.get(k)) {
                if (l >= 0) labels.add(l);
                else for (int j = 0; j < ellipsisDims; j++) labels.add(ELLIPSIS + ellipsisRank - ellipsisDims + j);
            }
            ops.add(new Term(operands.get(k), labels));
        }

        List<Integer> output = outputLabels(eq, arrow, ops, ellipsisRank, equation);

        // repeated subscripts within an operand: its diagonal
        for (int k = 0; k < ops.size(); k++) ops.set(k, takeDiagonals(ops.get(k), k, equation));

        // one size per subscript: size-1 dims broadcast, as in PyTorch
        int[] sizes = new int[ELLIPSIS + ellipsisRank];
        Arrays.fill(sizes, -1);
        for (int k = 0; k < ops.size(); k++) {
            Term op = ops.get(k);
            for (int i = 0; i < op.labels.size(); i++) {
                int l = op.labels.get(i);
                int n = op.t.size(i);
                if (sizes[l] == -1 || sizes[l] == 1) sizes[l] = n;
                else if (n != 1 && n != sizes[l]) {
                    throw new IllegalArgumentException("einsum: subscript " + describe(l) + " has size " + n + " for operand " + k
                            + " (shape " + Shape.str(op.t.shape()) + ") which does not broadcast with size " + sizes[l]
                            + " seen before, in \"" + equation + "\"");
                }
            }
        }
        for (int k = 0; k < ops.size(); k++) {
            Term op = ops.get(k);
            int[] target = new int[op.labels.size()];
            for (int i = 0; i < target.length; i++) target[i] = sizes[op.labels.get(i)];
            if (!Arrays.equals(target, op.t.shape())) ops.set(k, new Term(op.t.expand(target), op.labels));
        }

        // sum what only one operand has and the output does not keep; then contract left to right
        Term acc = sumUnneeded(ops.get(0), needed(output, ops, 1));
        for (int k = 1; k < ops.size(); k++) {
            List<Integer> keep = needed(output, ops, k + 1);
            Term next = sumUnneeded(ops.get(k), union(keep, acc.labels));
            acc = contract(sumUnneeded(acc, union(keep, next.labels)), next, keep);
        }
        int[] order = new int[output.size()];
        for (int i = 0; i < order.length; i++) order[i] = acc.labels.indexOf(output.get(i));
        return acc.t.permute(order);
    }

    private static String describe(int label) {
        return label >= ELLIPSIS ? "... dim " + (label - ELLIPSIS) : String.valueOf(letter(label));
    }

    private static List<Integer> outputLabels(String eq, int arrow, List<Term> ops, int ellipsisRank, String equation) {
        List<Integer> output = new ArrayList<>();
        if (arrow >= 0) {
            for (int l : parseTerm(eq.substring(arrow + 2), equation)) {
                if (l < 0) {
                    for (int j = 0; j < ellipsisRank; j++) output.add(ELLIPSIS + j);
                    continue;
                }
                if (output.contains(l)) {
                    throw new IllegalArgumentException("einsum: output subscript " + letter(l) + " appears more than once in \"" + equation + "\"");
                }
                boolean found = false;
                for (Term op : ops) found |= op.labels.contains(l);
                if (!found) {
                    throw new IllegalArgumentException("einsum: output subscript " + letter(l) + " appears in no operand of \"" + equation + "\"");
                }
                output.add(l);
            }
            return output;
        }
        // implicit output: the ellipsis dims, then the subscripts that appear exactly once, in alphabetical order
        for (int j = 0; j < ellipsisRank; j++) output.add(ELLIPSIS + j);
        int[] count = new int[ELLIPSIS];
        for (Term op : ops) for (int l : op.labels) if (l < ELLIPSIS) count[l]++;
        for (int l = 0; l < ELLIPSIS; l++) if (count[l] == 1) output.add(l);
        return output;
    }

    private static Term takeDiagonals(Term op, int k, String equation) {
        Tensor t = op.t;
        List<Integer> labels = new ArrayList<>(op.labels);
        for (int i = 0; i < labels.size(); i++) {
            int j = labels.subList(i + 1, labels.size()).indexOf(labels.get(i));
            if (j < 0) continue;
            j += i + 1;
            if (t.size(i) != t.size(j)) {
                throw new IllegalArgumentException("einsum: subscript " + describe(labels.get(i)) + " is repeated for operand " + k
                        + " but the sizes don't match, " + t.size(i) + " != " + t.size(j) + " (shape " + Shape.str(op.t.shape())
                        + ", \"" + equation + "\")");
            }
            int l = labels.get(i);
            t = t.diagonal(0, i, j);   // dims i and j go, their diagonal comes last
            labels.remove(j);
            labels.remove(i);
            labels.add(l);
            i = -1;
        }
        return new Term(t, labels);
    }

    /** The subscripts of the output and of operands {@code from..}: those a contraction must keep. */
    private static List<Integer> needed(List<Integer> output, List<Term> ops, int from) {
        List<Integer> out = new ArrayList<>(output);
        for (int k = from; k < ops.size(); k++) out.addAll(ops.get(k).labels);
        return out;
    }

    private static List<Integer> union(List<Integer> a, List<Integer> b) {
        List<Integer> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static Term sumUnneeded(Term op, List<Integer> keep) {
        List<Integer> dims = new ArrayList<>();
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < op.labels.size(); i++) {
            if (keep.contains(op.labels.get(i))) kept.add(op.labels.get(i));
            else dims.add(i);
        }
        if (dims.isEmpty()) return op;
        return new Term(op.t.sum(dims.stream().mapToInt(Integer::intValue).toArray(), false), kept);
    }

    /** {@code a} and {@code b} contracted over the subscripts they share that {@code keep} does not hold. */
    private static Term contract(Term a, Term b, List<Integer> keep) {
        List<Integer> batch = new ArrayList<>();
        List<Integer> summed = new ArrayList<>();
        List<Integer> left = new ArrayList<>();
        List<Integer> right = new ArrayList<>();
        for (int l : a.labels) {
            if (!b.labels.contains(l)) left.add(l);
            else if (keep.contains(l)) batch.add(l);
            else summed.add(l);
        }
        for (int l : b.labels) if (!a.labels.contains(l)) right.add(l);
        int nb = size(a, batch), nl = size(a, left), nc = size(a, summed), nr = size(b, right);
        Tensor a3 = a.t.permute(positions(a, batch, left, summed)).reshape(nb, nl, nc);
        Tensor b3 = b.t.permute(positions(b, batch, summed, right)).reshape(nb, nc, nr);
        Tensor product;
        if (a3.dtype().isFloating() && b3.dtype().isFloating()) {
            product = a3.matmul(b3);
        } else {
            DType dtype = DType.promote(a3.dtype(), b3.dtype());
            product = a3.unsqueeze(2).mul(b3.transpose(1, 2).unsqueeze(1)).sum(-1);
            if (!product.dtype().isFloating() && !dtype.isBool()) product = product.to(dtype);
        }
        List<Integer> labels = new ArrayList<>(batch);
        labels.addAll(left);
        labels.addAll(right);
        int[] shape = new int[labels.size()];
        for (int i = 0; i < shape.length; i++) {
            int l = labels.get(i);
            shape[i] = a.labels.contains(l) ? a.t.size(a.labels.indexOf(l)) : b.t.size(b.labels.indexOf(l));
        }
        return new Term(product.reshape(shape), labels);
    }

    private static int size(Term op, List<Integer> labels) {
        int n = 1;
        for (int l : labels) n = Math.multiplyExact(n, op.t.size(op.labels.indexOf(l)));
        return n;
    }

    @SafeVarargs
    private static int[] positions(Term op, List<Integer>... groups) {
        List<Integer> out = new ArrayList<>();
        for (List<Integer> g : groups) for (int l : g) out.add(op.labels.indexOf(l));
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
