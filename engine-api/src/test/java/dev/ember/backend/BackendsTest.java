package dev.ember.backend;

import dev.ember.Device;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class BackendsTest {

    @Test
    void theDefaultDeviceReusesABackendAlreadyOpen() {
        Device cuda = Device.cuda(0);
        Backend opened = Backends.of(cuda);
        assertEquals(cuda, Backends.defaultDevice());
        assertSame(opened, Backends.of(cuda));
        // a second open would make a second CUDA context and stream on the same device
        assertEquals(1, CountingProvider.OPENS.get(), "opens of cuda:0");
    }
}
