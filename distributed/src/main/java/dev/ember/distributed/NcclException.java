package dev.ember.distributed;

/** An NCCL call returned an error: carries the call's name, the {@code ncclResult_t} and NCCL's text. */
public class NcclException extends RuntimeException {
    private final String call;
    private final int result;

    NcclException(String call, int result, String message) {
        super(message);
        this.call = call;
        this.result = result;
    }

    /** The C function that failed, e.g. {@code ncclAllReduce}. */
    public String call() { return call; }

    /** NCCL's {@code ncclResult_t}. */
    public int result() { return result; }
}
