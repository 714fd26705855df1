package dev.ember.cuda;

import jcuda.driver.JCudaDriver;

/** Status checking for jcuda's driver API: every {@code cu*} call goes through {@link #check}. */
final class Driver {
    private Driver() {}

    static void check(String call, int status) {
        if (status != 0) throw new CudaException(call + " failed: " + errorName(status) + " (" + status + ")");
    }

    static String errorName(int status) {
        String[] name = new String[1];
        if (JCudaDriver.cuGetErrorName(status, name) == 0 && name[0] != null) return name[0];
        return "CUDA error";
    }
}
