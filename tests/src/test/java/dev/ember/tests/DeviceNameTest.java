package dev.ember.tests;

import dev.ember.Device;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Device names as {@code -Dember.device} and {@code Device.parse} read them, and as {@code toString} writes them. */
class DeviceNameTest {

    @Test
    void namesRoundTrip() {
        assertEquals(Device.CPU, Device.parse("cpu"));
        assertEquals(Device.cuda(0), Device.parse("cuda"));
        assertEquals(Device.cuda(2), Device.parse("CUDA:2"));
        for (Device d : new Device[] {Device.CPU, Device.cuda(0), Device.cuda(3)}) assertEquals(d, Device.parse(d.toString()));
    }

    @Test
    void badNamesSayWhatIsExpected() {
        for (String bad : new String[] {"gpu", "cuda:", "cuda:x", "cuda:-1", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Device.parse(bad));
            assertTrue(e.getMessage().contains("cuda:N") || e.getMessage().contains(">= 0"), e.getMessage());
        }
    }
}
