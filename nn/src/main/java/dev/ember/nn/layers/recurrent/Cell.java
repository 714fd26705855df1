package dev.ember.nn.layers.recurrent;

import dev.ember.Tensor;

/**
 * The step of each recurrent cell, shared by the cells and the layers. A step gets its input already projected
 * ({@code xp = x W_ih^T + bias}, all gates side by side, as the layers compute it for every time step in one
 * product) and does the hidden projection of all gates in one product, then the gate arithmetic in few ops.
 * Gate order and formulas are PyTorch's: LSTM {@code i, f, g, o}; GRU {@code r, z, n} with
 * {@code n = tanh(W_in x + b_in + r * (W_hn h + b_hn))}, so {@code b_hn} stays inside the product with {@code r}.
 */
enum Cell {
    RNN_TANH(1), RNN_RELU(1), LSTM(4), GRU(3);

    /** How many blocks of {@code hidden} rows the weights stack. */
    final int gates;

    Cell(int gates) { this.gates = gates; }

    /**
     * The bias added to the input projection: both biases where they simply add (RNN, LSTM), only {@code b_ih}
     * for a GRU, whose {@code b_hh} goes with the hidden projection. Null without biases.
     */
    Tensor inputBias(Tensor biasIh, Tensor biasHh) {
        if (biasIh == null) return null;
        return this == GRU ? biasIh : biasIh.add(biasHh);
    }

    /** One step: the new {@code h} (and {@code c} for an LSTM, else null) from {@code xp [batch, gates * hidden]}. */
    Tensor[] step(Tensor xp, Tensor h, Tensor c, Tensor weightHh, Tensor biasHh) {
        int hidden = h.size(-1);
        return switch (this) {
            case RNN_TANH -> new Tensor[] {xp.add(h.linear(weightHh, null)).tanh(), null};
            case RNN_RELU -> new Tensor[] {xp.add(h.linear(weightHh, null)).relu(), null};
            case LSTM -> {
                Tensor gates = xp.add(h.linear(weightHh, null));
                Tensor sig = gates.sigmoid();   // one pass for i, f and o; the g block's sigmoid is not used
                Tensor i = sig.narrow(-1, 0, hidden);
                Tensor f = sig.narrow(-1, hidden, hidden);
                Tensor g = gates.narrow(-1, 2 * hidden, hidden).tanh();
                Tensor o = sig.narrow(-1, 3 * hidden, hidden);
                Tensor cNext = f.mul(c).addcmul(i, g, 1);
                yield new Tensor[] {o.mul(cNext.tanh()), cNext};
            }
            case GRU -> {
                Tensor hh = h.linear(weightHh, biasHh);
                Tensor rz = xp.narrow(-1, 0, 2 * hidden).add(hh.narrow(-1, 0, 2 * hidden)).sigmoid();
                Tensor r = rz.narrow(-1, 0, hidden);
                Tensor z = rz.narrow(-1, hidden, hidden);
                Tensor n = xp.narrow(-1, 2 * hidden, hidden).addcmul(r, hh.narrow(-1, 2 * hidden, hidden), 1).tanh();
                yield new Tensor[] {n.addcmul(z, h.sub(n), 1), null};   // (1 - z) * n + z * h
            }
        };
    }

    /** PyTorch's class name, for messages. */
    String layerName() {
        return switch (this) {
            case RNN_TANH, RNN_RELU -> "RNN";
            case LSTM -> "LSTM";
            case GRU -> "GRU";
        };
    }
}
