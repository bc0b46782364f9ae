package dev.tftune.bench;

import dev.tftune.data.Dataset;
import dev.tftune.data.IdxFiles;
import dev.tftune.data.ImageFitter;
import dev.tftune.data.Scaling;
import dev.tftune.optimizer.Optimizers;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.SavedModels;
import dev.tftune.train.FineTuner;
import dev.tftune.train.TrainingHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * What feature caching saves (a second epoch against the first, which computes the features),
 * and whether long training leaks memory (resident set after many steps against after a few).
 */
final class TrainingCosts {
  private static final String RESNET = "savedmodels/tf1/resnet32-cifar10";

  private TrainingCosts() {}

  static void run(Report report, Path fixtures, boolean quick) {
    Path model = fixtures.resolve(RESNET);
    Path images = fixtures.resolve("data/fashion-mnist/train-images-idx3-ubyte.gz");
    if (!Files.isDirectory(model) || !Files.isRegularFile(images)) {
      System.out.println("skipped training costs: the ResNet-32 fixture or Fashion-MNIST is "
          + "absent");
      return;
    }
    int n = quick ? 500 : 2000;
    Dataset data = ImageFitter.fit(IdxFiles.read(images, n), new long[] {32, 32, 3},
        Scaling.PER_IMAGE_STANDARDIZATION);
    Supplier<BaseModel> load = () -> SavedModels.load(model);
    // one run of 2 epochs: epoch 2 (on the cache) against all that came before it (setup,
    // features computed once, epoch 1)
    double[] run = fit(load, data, 2);
    double second = run[2];
    double first = run[0] - second;
    report.figure("ResNet-32 frozen, " + n + " images: setup + features + epoch 1: s",
        String.format("%.2f", first), "");
    report.figure("  epoch 2 (cached features): s", String.format("%.3f", second), "");
    report.figure("  epoch 2 / epoch 1", String.format("%.3f", second / first), "<= 0.05");

    int manyEpochs = quick ? 6 : (int) Math.ceil(2000.0 / Math.ceil(n / 32.0));
    long steps = (long) manyEpochs * (long) Math.ceil(n / 32.0);
    // warm-up with a run as long as the measured one: JIT, heap sizing, allocator pools
    fit(load, data, manyEpochs);
    long heapBefore = Runtime.getRuntime().totalMemory();
    List<long[]> samples = new ArrayList<>();
    double[] measured = sampling(samples, () -> fit(load, data, manyEpochs));
    long heapAfter = Runtime.getRuntime().totalMemory();
    // the steps are the run's last seconds (loading and features come first): compare the
    // resident set a tenth into the steps with the one at their end
    long end = samples.get(samples.size() - 1)[0];
    long mark = end - (long) (measured[3] * 0.9e9);
    long early = samples.stream().filter(x -> x[0] >= mark).findFirst()
        .orElse(samples.get(0))[1];
    long last = samples.get(samples.size() - 1)[1];
    report.figure("resident memory early in / at the end of " + steps + " training steps",
        String.format("%,d MB / %,d MB", early >> 20, last >> 20), "");
    report.figure("  growth over the steps", String.format("%+.1f%%",
        100.0 * (last - early) / early), "< 2%");
    report.figure("  JVM heap committed before / after the run", String.format(
        "%,d MB / %,d MB", heapBefore >> 20, heapAfter >> 20), "context");
  }

  /** Runs a fit while sampling the resident set every 5 ms into {@code samples}. */
  private static double[] sampling(List<long[]> samples, Supplier<double[]> task) {
    List<long[]> shared = Collections.synchronizedList(samples);
    Thread sampler = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        shared.add(new long[] {System.nanoTime(), residentBytes()});
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    sampler.start();
    double[] result = task.get();
    sampler.interrupt();
    try {
      sampler.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    shared.add(new long[] {System.nanoTime(), residentBytes()});
    return result;
  }

  /**
   * {wall seconds of the fit, epoch 1 seconds, last epoch seconds, all epochs' seconds} on a
   * fresh base.
   */
  private static double[] fit(Supplier<BaseModel> load, Dataset data, int epochs) {
    try (BaseModel base = load.get()) {
      FineTuner tuner = FineTuner.builder().base(base).features("resnet_model/final_reduce_mean")
          .optimizer(Optimizers.adam(0.01f)).epochs(epochs).validationSplit(0).build();
      long start = System.nanoTime();
      TrainingHistory h = tuner.fit(data).history();
      return new double[] {(System.nanoTime() - start) / 1e9, h.epochs().get(0).seconds(),
          h.last().seconds(), h.epochs().stream().mapToDouble(e -> e.seconds()).sum()};
    }
  }

  /** VmRSS of this process (Linux), or 0 where /proc is absent. */
  static long residentBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }
}
