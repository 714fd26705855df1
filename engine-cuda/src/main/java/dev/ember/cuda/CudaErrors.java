package dev.ember.cuda;

import java.util.Map;
import java.util.Set;

/**
 * What Ember knows about the driver's {@code CUresult} codes without asking the driver: the C names of the ones its
 * calls can return (so messages, and the tests, need no native library), and which of them are sticky.
 *
 * <p>A sticky error leaves the context unusable: cuda.h (CUDA 13.0) says of each that it "leaves the process in an
 * inconsistent state and any further CUDA work will return the same error", or for {@code CUDA_ERROR_ASSERT} that
 * the context "cannot be used anymore". The two uncorrectable hardware errors (ECC and NVLink) are treated the same
 * way: the header does not promise the context survives them, and the device's memory can no longer be trusted.
 */
final class CudaErrors {
    private CudaErrors() {}

    static final int CUDA_ERROR_INVALID_VALUE = 1;
    static final int CUDA_ERROR_OUT_OF_MEMORY = 2;
    static final int CUDA_ERROR_NOT_READY = 600;
    static final int CUDA_ERROR_ILLEGAL_ADDRESS = 700;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(1, "CUDA_ERROR_INVALID_VALUE"),
            Map.entry(2, "CUDA_ERROR_OUT_OF_MEMORY"),
            Map.entry(3, "CUDA_ERROR_NOT_INITIALIZED"),
            Map.entry(4, "CUDA_ERROR_DEINITIALIZED"),
            Map.entry(34, "CUDA_ERROR_STUB_LIBRARY"),
            Map.entry(36, "CUDA_ERROR_CALL_REQUIRES_NEWER_DRIVER"),
            Map.entry(46, "CUDA_ERROR_DEVICE_UNAVAILABLE"),
            Map.entry(100, "CUDA_ERROR_NO_DEVICE"),
            Map.entry(101, "CUDA_ERROR_INVALID_DEVICE"),
            Map.entry(200, "CUDA_ERROR_INVALID_IMAGE"),
            Map.entry(201, "CUDA_ERROR_INVALID_CONTEXT"),
            Map.entry(209, "CUDA_ERROR_NO_BINARY_FOR_GPU"),
            Map.entry(214, "CUDA_ERROR_ECC_UNCORRECTABLE"),
            Map.entry(218, "CUDA_ERROR_INVALID_PTX"),
            Map.entry(220, "CUDA_ERROR_NVLINK_UNCORRECTABLE"),
            Map.entry(221, "CUDA_ERROR_JIT_COMPILER_NOT_FOUND"),
            Map.entry(222, "CUDA_ERROR_UNSUPPORTED_PTX_VERSION"),
            Map.entry(226, "CUDA_ERROR_CONTAINED"),
            Map.entry(400, "CUDA_ERROR_INVALID_HANDLE"),
            Map.entry(401, "CUDA_ERROR_ILLEGAL_STATE"),
            Map.entry(500, "CUDA_ERROR_NOT_FOUND"),
            Map.entry(600, "CUDA_ERROR_NOT_READY"),
            Map.entry(700, "CUDA_ERROR_ILLEGAL_ADDRESS"),
            Map.entry(701, "CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES"),
            Map.entry(702, "CUDA_ERROR_LAUNCH_TIMEOUT"),
            Map.entry(709, "CUDA_ERROR_CONTEXT_IS_DESTROYED"),
            Map.entry(710, "CUDA_ERROR_ASSERT"),
            Map.entry(714, "CUDA_ERROR_HARDWARE_STACK_ERROR"),
            Map.entry(715, "CUDA_ERROR_ILLEGAL_INSTRUCTION"),
            Map.entry(716, "CUDA_ERROR_MISALIGNED_ADDRESS"),
            Map.entry(717, "CUDA_ERROR_INVALID_ADDRESS_SPACE"),
            Map.entry(718, "CUDA_ERROR_INVALID_PC"),
            Map.entry(719, "CUDA_ERROR_LAUNCH_FAILED"),
            Map.entry(720, "CUDA_ERROR_COOPERATIVE_LAUNCH_TOO_LARGE"),
            Map.entry(721, "CUDA_ERROR_TENSOR_MEMORY_LEAK"),
            Map.entry(800, "CUDA_ERROR_NOT_PERMITTED"),
            Map.entry(801, "CUDA_ERROR_NOT_SUPPORTED"),
            Map.entry(802, "CUDA_ERROR_SYSTEM_NOT_READY"),
            Map.entry(803, "CUDA_ERROR_SYSTEM_DRIVER_MISMATCH"),
            Map.entry(804, "CUDA_ERROR_COMPAT_NOT_SUPPORTED_ON_DEVICE"),
            Map.entry(810, "CUDA_ERROR_MPS_CLIENT_TERMINATED"),
            Map.entry(911, "CUDA_ERROR_EXTERNAL_DEVICE"),
            Map.entry(999, "CUDA_ERROR_UNKNOWN"));

    private static final Set<Integer> STICKY = Set.of(
            214,    // ECC_UNCORRECTABLE
            220,    // NVLINK_UNCORRECTABLE
            226,    // CONTAINED
            700,    // ILLEGAL_ADDRESS
            702,    // LAUNCH_TIMEOUT
            710,    // ASSERT
            714,    // HARDWARE_STACK_ERROR
            715,    // ILLEGAL_INSTRUCTION
            716,    // MISALIGNED_ADDRESS
            717,    // INVALID_ADDRESS_SPACE
            718,    // INVALID_PC
            719,    // LAUNCH_FAILED
            721,    // TENSOR_MEMORY_LEAK
            810,    // MPS_CLIENT_TERMINATED
            911);   // EXTERNAL_DEVICE

    /** The C name of {@code status}, or null when it is not in the table. */
    static String knownName(int status) { return NAMES.get(status); }

    /** True when {@code status} leaves the device's context unusable for the rest of the process. */
    static boolean isSticky(int status) { return STICKY.contains(status); }

    /** The codes in the table, for the test that checks them against cuda.h. */
    static Map<Integer, String> names() { return NAMES; }
}
