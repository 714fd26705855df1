package dev.ember;

import dev.ember.backend.Backend;
import dev.ember.backend.Storage;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Each storage is released at most once, and exactly once when all its tensors are closed; {@code liveBytes()}
 * never falls below zero. A backend whose storages count their releases runs random programs of creating,
 * viewing, copying, reading and closing tensors inside nested scopes, checked after every step against a model
 * of which tensors are open. No kernel computes anything here: only ownership is under test.
 */
class StorageReleaseTest {

    /** A storage that counts {@link #release()} calls, standing for device memory. */
    static final class CountingStorage implements Storage {
        final long size;
        int releases;

        CountingStorage(long size) { this.size = size; }

        @Override
        public DType dtype() { return DType.FLOAT32; }

        @Override
        public long size() { return size; }

        @Override
        public void release() { releases++; }

        long bytes() { return 4L * size; }
    }

    private final List<CountingStorage> storages = new ArrayList<>();

    /** Allocates counting storages; copies and fills do nothing, reads give zeros. */
    private final Backend backend = (Backend) java.lang.reflect.Proxy.newProxyInstance(Backend.class.getClassLoader(),
            new Class<?>[] {Backend.class}, (proxy, method, args) -> switch (method.getName()) {
                case "device" -> Device.cuda(7);
                case "allocate", "zeros" -> {
                    CountingStorage s = new CountingStorage((Long) args[1]);
                    storages.add(s);
                    yield s;
                }
                case "copy", "fill" -> null;
                case "toArray" -> new float[((dev.ember.backend.Layout) args[1]).intNumel()];
                case "toString" -> "counting backend";
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> throw new UnsupportedOperationException(method.getName());
            });

    private Tensor create(int... shape) { return Ops.empty(backend, DType.FLOAT32, shape); }

    /** What the test knows of one tensor object. */
    private static final class Model {
        final CountingStorage storage;
        boolean closed;
        /** Index of the owning scope in the scope stack, or -1 for none. */
        int scope;

        Model(CountingStorage storage, int scope) {
            this.storage = storage;
            this.scope = scope;
        }
    }

    @Test
    void randomProgramsReleaseEachStorageExactlyOnce() {
        for (int seed = 0; seed < 300; seed++) runProgram(seed, 200);
    }

    private void runProgram(long seed, int steps) {
        Random random = new Random(seed);
        storages.clear();
        long base = MemoryScope.liveBytes();
        Map<Tensor, Model> tensors = new IdentityHashMap<>();
        List<Tensor> order = new ArrayList<>();   // for reproducible picks
        Deque<MemoryScope> scopes = new ArrayDeque<>();
        String trace = "seed " + seed + ":";
        for (int step = 0; step < steps; step++) {
            int action = random.nextInt(10);
            Tensor pick = order.isEmpty() ? null : order.get(random.nextInt(order.size()));
            if (pick == null || action == 0) {
                Tensor t = create(1 + random.nextInt(4), 1 + random.nextInt(4));
                tensors.put(t, new Model(storages.getLast(), scopes.size() - 1));
                order.add(t);
                trace += " create";
            } else if (action <= 4) {
                String op = VIEW_OPS[random.nextInt(VIEW_OPS.length)];
                trace += " " + op;
                Model m = tensors.get(pick);
                int before = storages.size();
                if (m.closed) {
                    var e = assertThrows(IllegalStateException.class, () -> apply(op, pick), trace);
                    assertTrue(e.getMessage().contains(Shape.str(pick.shape())), e.getMessage());
                    assertEquals(before, storages.size(), trace + ": allocated for a closed tensor");
                } else {
                    Tensor out = apply(op, pick);
                    if (out != pick && !tensors.containsKey(out)) {
                        CountingStorage s = storages.size() > before ? storages.getLast() : m.storage;
                        tensors.put(out, new Model(s, scopes.size() - 1));
                        order.add(out);
                    }
                }
            } else if (action <= 6) {
                trace += " close";
                pick.close();
                tensors.get(pick).closed = true;
            } else if (action == 7) {
                trace += " open";
                scopes.push(MemoryScope.open());
            } else if (action == 8 && !scopes.isEmpty()) {
                trace += " closeScope";
                int level = scopes.size() - 1;
                scopes.pop().close();
                for (Model m : tensors.values()) {
                    if (m.scope == level) {
                        m.closed = true;
                        m.scope = -1;
                    }
                }
            } else if (action == 9 && !scopes.isEmpty()) {
                trace += " keep";
                int level = scopes.size() - 1;
                scopes.peek().keep(pick);
                Model m = tensors.get(pick);
                if (m.scope == level) m.scope = level - 1;
            }
            check(tensors, base, trace);
        }
        while (!scopes.isEmpty()) scopes.pop().close();
        for (Tensor t : order) t.close();
        for (Model m : tensors.values()) m.closed = true;
        check(tensors, base, trace + " (all closed)");
        assertEquals(base, MemoryScope.liveBytes(), trace);
    }

    private static final String[] VIEW_OPS = {
            "detach", "unsqueeze", "transpose", "narrow", "expand", "flatten", "copy", "contiguous", "toFloatArray"};

    /**
     * Every op here makes a new tensor object or reads the values, and none makes a hidden intermediate (which
     * would hold a storage the model does not know of): a reshape that would copy copies explicitly instead.
     */
    private static Tensor apply(String op, Tensor t) {
        int[] shape = t.shape();
        return switch (op) {
            case "detach" -> t.detach();
            case "unsqueeze" -> shape.length < 4 ? t.unsqueeze(0) : flattened(t);
            case "transpose" -> t.transpose(0, shape.length - 1);
            case "narrow" -> t.narrow(0, 0, shape[0]);
            case "expand" -> {
                if (shape.length >= 4) yield flattened(t);
                int[] target = new int[shape.length + 1];
                target[0] = 2;
                System.arraycopy(shape, 0, target, 1, shape.length);
                yield t.expand(target);
            }
            case "flatten" -> shape.length > 1 ? flattened(t) : t.unsqueeze(1);
            case "copy" -> t.copy();
            case "contiguous" -> t.contiguous();
            case "toFloatArray" -> {
                t.toFloatArray();
                yield t;
            }
            default -> throw new IllegalArgumentException(op);
        };
    }

    /** A 1-D view of a tensor of rank 2 or more when its strides allow, else a copy. */
    private static Tensor flattened(Tensor t) { return t.isContiguous() ? t.reshape(-1) : t.copy(); }

    /** Releases at most once; exactly once when no open tensor views the storage; liveBytes agrees. */
    private void check(Map<Tensor, Model> tensors, long base, String trace) {
        Map<CountingStorage, Boolean> held = new IdentityHashMap<>();
        for (CountingStorage s : storages) held.put(s, false);
        for (Model m : tensors.values()) if (!m.closed) held.put(m.storage, true);
        long live = 0;
        for (CountingStorage s : storages) {
            if (s.releases > 1) fail(trace + ": a storage of " + s.size + " elements was released " + s.releases + " times");
            boolean open = held.get(s);
            assertEquals(open ? 0 : 1, s.releases, trace + ": a storage " + (open ? "still viewed by an open tensor was released"
                    : "no open tensor views was not released"));
            if (open) live += s.bytes();
        }
        assertEquals(live, MemoryScope.liveBytes() - base, trace + ": live bytes");
        assertTrue(MemoryScope.liveBytes() >= 0, trace + ": live bytes below zero: " + MemoryScope.liveBytes());
    }

    @Test
    void theIssuesSequenceReleasesOnceAndRefusesTheViews() {
        long base = MemoryScope.liveBytes();
        Tensor x = create(1, 3997);
        x.close();
        assertEquals(base, MemoryScope.liveBytes());
        for (String op : List.of("reshape", "t", "detach")) {
            var e = assertThrows(IllegalStateException.class, () -> {
                switch (op) {
                    case "reshape" -> x.reshape(3997);
                    case "t" -> x.t();
                    default -> x.detach();
                }
            });
            assertTrue(e.getMessage().startsWith(op + ": tensor of shape [1, 3997]"), e.getMessage());
        }
        assertTrue(x.isClosed());
        assertEquals(1, storages.getFirst().releases);
        assertEquals(base, MemoryScope.liveBytes());
    }

    @Test
    void aViewKeepsTheStorageUntilItClosesToo() {
        long base = MemoryScope.liveBytes();
        Tensor x = create(2, 3);
        Tensor v = x.transpose(0, 1);
        Tensor d = v.detach();
        x.close();
        v.close();
        Tensor u = d.unsqueeze(0);   // a view of an open view of closed tensors is allowed
        d.close();
        assertEquals(0, storages.getFirst().releases, "released while a view is open");
        assertEquals(base + 24, MemoryScope.liveBytes());
        u.close();
        assertEquals(1, storages.getFirst().releases);
        assertEquals(base, MemoryScope.liveBytes());
        x.close();
        u.close();
        assertEquals(1, storages.getFirst().releases, "closing twice released again");
    }

    @Test
    void aStorageIsNeverAcquiredAfterItsRelease() {
        CountingStorage counting = new CountingStorage(5);
        var shared = new SharedStorage(counting, backend);
        Tensor t = new Tensor(shared, dev.ember.backend.Layout.contiguous(5), DType.FLOAT32);
        t.close();
        assertThrows(IllegalStateException.class,
                () -> new Tensor(shared, dev.ember.backend.Layout.contiguous(5), DType.FLOAT32));
        assertEquals(1, counting.releases);
    }
}
