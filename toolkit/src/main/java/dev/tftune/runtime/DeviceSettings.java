package dev.tftune.runtime;

import dev.tftune.ConfigurationException;
import java.util.Locale;
import org.tensorflow.TensorFlow;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;

/**
 * Where a model's session runs: the CPU, or one GPU (memory allocated as it grows, not all at
 * once), with a thread count for the CPU's op pools; mapped to the session's
 * {@code ConfigProto}. Immutable. Default: {@link #cpu()} with TensorFlow's own thread choice.
 */
public record DeviceSettings(boolean gpu, int gpuIndex, int threads) {
  /** The folder of the native library in the GPU build's jar. */
  private static final String GPU_BUILD = "org/tensorflow/internal/c_api/linux-x86_64-gpu/";

  public DeviceSettings {
    if (threads < 0 || gpuIndex < 0) {
      throw new ConfigurationException("a device setting of " + threads + " threads, GPU "
          + gpuIndex, "use 0 threads (TensorFlow chooses) or more, and a GPU index from 0");
    }
  }

  /** The CPU, TensorFlow choosing the threads. */
  public static DeviceSettings cpu() {
    return new DeviceSettings(false, 0, 0);
  }

  /**
   * {@code cpu}, {@code gpu} (the first GPU) or {@code gpu:N}.
   *
   * @throws ConfigurationException for anything else, or a GPU on the CPU build
   */
  public static DeviceSettings parse(String device) {
    String d = device.trim().toLowerCase(Locale.ROOT);
    DeviceSettings parsed;
    if (d.equals("cpu")) {
      parsed = cpu();
    } else if (d.matches("gpu(:\\d+)?")) {
      parsed = new DeviceSettings(true, d.length() > 3 ? Integer.parseInt(d.substring(4)) : 0,
          0);
    } else {
      throw new ConfigurationException("unknown device '" + device + "'",
          "pass cpu, gpu or gpu:N (N the GPU's index from 0)");
    }
    return parsed.checked();
  }

  /** The same device with {@code n} threads per op pool (0: TensorFlow chooses). */
  public DeviceSettings withThreads(int n) {
    return new DeviceSettings(gpu, gpuIndex, n).checked();
  }

  /** Whether the GPU native build is on the class path. */
  public static boolean gpuBuild() {
    return DeviceSettings.class.getClassLoader().getResource(GPU_BUILD) != null;
  }

  /** The session configuration, on top of {@code base}. */
  public ConfigProto apply(ConfigProto base) {
    ConfigProto.Builder b = base.toBuilder();
    if (gpu) {
      b.setGpuOptions(GPUOptions.newBuilder().setAllowGrowth(true)
          .setVisibleDeviceList(Integer.toString(gpuIndex)));
    } else {
      b.putDeviceCount("GPU", 0);
    }
    if (threads > 0) {
      b.setIntraOpParallelismThreads(threads).setInterOpParallelismThreads(threads);
    }
    return b.build();
  }

  /** As the first log line of a run says it: the device, the threads and the native build. */
  public String describe() {
    return (gpu ? "gpu:" + gpuIndex + " (memory grows as needed)" : "cpu") + ", "
        + (threads > 0 ? threads + " threads" : "threads chosen by TensorFlow") + "; TensorFlow "
        + TensorFlow.version() + ", " + (gpuBuild() ? "GPU" : "CPU") + " native build";
  }

  private DeviceSettings checked() {
    if (gpu && !gpuBuild()) {
      throw new ConfigurationException("a GPU was asked for, but this is TensorFlow's CPU "
          + "build", "build with the gpu Maven profile (mvn -Pgpu -DskipTests package) on a "
          + "machine with CUDA 12 and cuDNN 9, or run on the CPU");
    }
    return this;
  }
}
