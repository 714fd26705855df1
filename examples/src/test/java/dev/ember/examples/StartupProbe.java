package dev.ember.examples;

import dev.ember.Device;
import dev.ember.Tensor;
import dev.ember.backend.Backend;
import dev.ember.backend.Backends;

/** A user's first program, as {@link StartupTest} launches it: its own line first, then the CPU backend it finds. */
public final class StartupProbe {
    public static void main(String[] args) {
        System.out.println("probe: my own first line");
        Backend cpu = Backends.of(Device.CPU);
        System.out.println("probe: cpu backend " + cpu.getClass().getName() + " in module "
                + cpu.getClass().getModule().getName());
        System.out.println("probe: sum " + Tensor.of(new float[] {1, 2, 3}, 3).sum().item());
        System.out.println("probe: default device " + Device.defaultDevice());
    }
}
