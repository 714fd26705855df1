package dev.ember.distributed;

/** An MPI call returned an error: carries the call's name, MPI's error code and its text. */
public class MpiException extends RuntimeException {
    private final String call;
    private final int code;

    MpiException(String call, int code, String message) {
        super(message);
        this.call = call;
        this.code = code;
    }

    /** The C function that failed, e.g. {@code MPI_Allreduce}. */
    public String call() { return call; }

    /** MPI's error code. */
    public int code() { return code; }
}
