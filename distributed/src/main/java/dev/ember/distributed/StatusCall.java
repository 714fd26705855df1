package dev.ember.distributed;

/** A native call that returns a library status; lets each binding wrap {@code invokeExact} in one line. */
@FunctionalInterface
interface StatusCall {
    int invoke() throws Throwable;

    /** Runs the call, turning anything it throws into an unchecked exception. */
    static int run(StatusCall call) {
        try {
            return call.invoke();
        } catch (Throwable t) {
            throw NativeLibrary.propagate(t);
        }
    }
}
