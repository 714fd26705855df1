package dev.ember.cuda;

/**
 * A native library could not be used: none of its sonames was found or opened, or it lacks a function Ember calls.
 * The message says what was tried and what to set.
 */
public final class NativeLibraryException extends RuntimeException {
    public NativeLibraryException(String message) {
        super(message);
    }
}
