package dev.ember.distributed;

import dev.ember.Autograd;
import dev.ember.Tensor;
import dev.ember.nn.Module;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A module trained by every rank of a {@link ProcessGroup} on its own shard of each batch, with the gradients averaged
 * over the ranks during {@code backward()}, so that every rank takes the same optimizer step and the replicas stay
 * equal. PyTorch: {@code torch.nn.parallel.DistributedDataParallel}.
 *
 * <ul>
 *   <li>At construction rank 0's parameters and buffers are broadcast to all ranks; buffers (batch norm statistics)
 *       again before every forward in training mode.</li>
 *   <li>Parameters are grouped into buckets of about {@code bucketBytes}, in reverse registration order (about the
 *       order backward finishes their gradients). A {@linkplain Tensor#registerPostAccumulateGradHook hook} on every
 *       parameter notes when its gradient is final; when a bucket is complete its gradients are copied into one flat
 *       tensor and {@link ProcessGroup#allReduceAsync averaged} while backward goes on through the earlier layers.
 *       Buckets start in the same order on every rank (a bucket waits for the ones before it).</li>
 *   <li>When the last bucket has started, the hook waits for all of them and sets every parameter's gradient to its
 *       averaged part of the bucket. So when {@code backward()} returns the gradients are averaged, and the optimizer
 *       step needs no change.</li>
 * </ul>
 *
 * Every parameter must get a gradient in every backward (PyTorch's {@code find_unused_parameters=False}); the next
 * forward throws naming those that did not.
 *
 * <pre>{@code
 * try (ProcessGroup group = MpiProcessGroup.init()) {
 *     Module model = new DistributedDataParallel(mlp, group);
 *     var sampler = new DistributedSampler(train.size(), group.rank(), group.size(), 7);
 *     DataLoader loader = DataLoader.builder(train).batchSize(32).sampler(sampler).build();
 *     new Trainer(model, new CrossEntropyLoss(), new Adam(model.parameters(), 1e-3))
 *             .distributed(new TrainerGroup(group))
 *             .fit(loader, null, 3);
 * }
 * }</pre>
 */
public final class DistributedDataParallel extends Module {
    /** PyTorch's default bucket cap, 25 MiB. */
    public static final long DEFAULT_BUCKET_BYTES = 25L << 20;

    private final Module module;
    private final ProcessGroup group;
    private final List<Bucket> buckets = new ArrayList<>();
    private final List<Work> pending = new ArrayList<>();
    private int nextToStart;

    public DistributedDataParallel(Module module, ProcessGroup group) {
        this(module, group, DEFAULT_BUCKET_BYTES);
    }

    public DistributedDataParallel(Module module, ProcessGroup group, long bucketBytes) {
        if (bucketBytes < 1) throw new IllegalArgumentException("DistributedDataParallel: bucketBytes must be >= 1, got " + bucketBytes);
        this.module = child("module", module);
        this.group = group;
        try (var noGrad = Autograd.noGrad()) {
            for (Tensor p : module.parameters()) group.broadcast(p, 0);
            broadcastBuffers();
        }
        List<Map.Entry<String, Tensor>> parameters = new ArrayList<>(module.namedParameters().entrySet());
        Collections.reverse(parameters);
        Bucket bucket = null;
        for (Map.Entry<String, Tensor> entry : parameters) {
            Tensor p = entry.getValue();
            long bytes = (long) p.numel() * p.dtype().byteSize();
            if (bucket == null || bucket.bytes + bytes > bucketBytes && !bucket.names.isEmpty()
                    || bucket.dtype() != p.dtype()) {
                bucket = new Bucket();
                buckets.add(bucket);
            }
            bucket.add(entry.getKey(), p, bytes);
            Bucket owner = bucket;
            int index = bucket.parameters.size() - 1;
            p.registerPostAccumulateGradHook(t -> ready(owner, index));
        }
    }

    /** The wrapped module (its state dict has no {@code module.} prefix). */
    public Module module() { return module; }

    public ProcessGroup group() { return group; }

    /** The parameter names of each bucket, in the order buckets are reduced. */
    public List<List<String>> buckets() {
        return buckets.stream().map(b -> List.copyOf(b.names)).toList();
    }

    @Override
    public Tensor forward(Tensor input) {
        checkLastBackwardFinished();
        if (isTraining()) {
            try (var noGrad = Autograd.noGrad()) {
                broadcastBuffers();
            }
        }
        return module.forward(input);
    }

    private void broadcastBuffers() {
        for (Tensor b : module.namedBuffers().values()) group.broadcast(b, 0);
    }

    private void ready(Bucket bucket, int index) {
        bucket.ready[index] = true;
        bucket.readyCount++;
        while (nextToStart < buckets.size() && buckets.get(nextToStart).complete()) {
            pending.add(buckets.get(nextToStart++).start(group));
        }
        if (nextToStart == buckets.size()) finish();
    }

    private void finish() {
        for (Work w : pending) w.await();
        pending.clear();
        for (Bucket b : buckets) b.publish();
        nextToStart = 0;
    }

    private void checkLastBackwardFinished() {
        List<String> missing = new ArrayList<>();
        boolean started = false;
        for (Bucket b : buckets) {
            started |= b.readyCount > 0;
            for (int i = 0; i < b.names.size(); i++) if (!b.ready[i]) missing.add(b.names.get(i));
        }
        if (!started) return;
        throw new IllegalStateException("DistributedDataParallel: the last backward gave no gradient to " + missing
                + "; every parameter must take part in the loss on every rank (or leave it out of the module)");
    }

    /** Parameters whose gradients travel together, one flat tensor per backward. */
    private static final class Bucket {
        final List<String> names = new ArrayList<>();
        final List<Tensor> parameters = new ArrayList<>();
        long bytes;
        boolean[] ready = new boolean[0];
        int readyCount;
        Tensor flat;

        dev.ember.DType dtype() { return parameters.isEmpty() ? null : parameters.get(0).dtype(); }

        void add(String name, Tensor p, long size) {
            names.add(name);
            parameters.add(p);
            bytes += size;
            ready = new boolean[parameters.size()];
        }

        boolean complete() { return readyCount == parameters.size(); }

        Work start(ProcessGroup group) {
            try (var noGrad = Autograd.noGrad()) {
                List<Tensor> flatGrads = new ArrayList<>(parameters.size());
                for (Tensor p : parameters) flatGrads.add(p.grad().reshape(-1));
                flat = Tensor.cat(0, flatGrads);   // a new tensor: no other gradient shares its storage
            }
            return group.allReduceAsync(List.of(flat), ReduceOp.AVERAGE);
        }

        /** Each parameter's gradient becomes its part of the averaged bucket. */
        void publish() {
            try (var noGrad = Autograd.noGrad()) {
                int at = 0;
                for (Tensor p : parameters) {
                    int n = (int) p.numel();   // a part of the 1-D bucket, whose length is an int
                    p.setGrad(flat.narrow(0, at, n).reshape(p.shape()));
                    at += n;
                }
            }
            flat = null;
            readyCount = 0;
            java.util.Arrays.fill(ready, false);
        }
    }
}
