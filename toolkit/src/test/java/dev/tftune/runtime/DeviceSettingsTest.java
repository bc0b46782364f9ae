package dev.tftune.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.ConfigurationException;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.ConfigProto;

/** Device flags map to the session's ConfigProto; a GPU on the CPU build says the fix. */
class DeviceSettingsTest {
  @Test
  void cpuWithThreadsHidesGpusAndSizesTheOpPools() {
    ConfigProto c = DeviceSettings.parse("cpu").withThreads(3)
        .apply(ConfigProto.getDefaultInstance());
    assertEquals(0, c.getDeviceCountOrThrow("GPU"));
    assertEquals(3, c.getIntraOpParallelismThreads());
    assertEquals(3, c.getInterOpParallelismThreads());
  }

  @Test
  void aGpuOnTheCpuBuildNamesTheGpuProfile() {
    if (DeviceSettings.gpuBuild()) {
      ConfigProto c = DeviceSettings.parse("gpu:1").apply(ConfigProto.getDefaultInstance());
      assertEquals("1", c.getGpuOptions().getVisibleDeviceList());
      assertTrue(c.getGpuOptions().getAllowGrowth());
      return;
    }
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> DeviceSettings.parse("gpu:1"));
    assertTrue(e.getMessage().contains("mvn -Pgpu"), e.getMessage());
  }

  @Test
  void anUnknownDeviceIsRefused() {
    assertThrows(ConfigurationException.class, () -> DeviceSettings.parse("tpu"));
  }
}
