package dev.tftune.bench;

import dev.tftune.data.IdxFiles;
import dev.tftune.data.ImageFitter;
import dev.tftune.data.ImageDataset;
import dev.tftune.data.ImageFolders;
import dev.tftune.data.RawImages;
import dev.tftune.data.Scaling;
import dev.tftune.savedmodel.BaseModel;
import dev.tftune.savedmodel.Folders;
import dev.tftune.savedmodel.SavedModels;
import dev.tftune.train.FeatureExtractor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Images read, decoded, resized and scaled per second by the Java input pipeline: photo-like
 * JPEGs to 224x224 (ImageNet-sized models), small PNGs to 32x32 and IDX digits fitted to 32x32
 * (the ResNet-32 fixture's input).
 */
final class ImagePipeline {
  private ImagePipeline() {}

  static void run(Report report, Path fixtures, boolean quick) {
    Path tmp = null;
    try {
      tmp = Files.createTempDirectory("tftune-bench-images-");
      int jpegs = quick ? 60 : 500;
      writeImages(tmp.resolve("jpeg"), jpegs, 256, "jpg");
      report.figure("JPEG 256x256 -> 224x224x3, 2 threads: images/s",
          String.format("%.0f", rate(tmp.resolve("jpeg"), new long[] {224, 224, 3}, jpegs)),
          "");
      int pngs = quick ? 200 : 2000;
      writeImages(tmp.resolve("png"), pngs, 32, "png");
      double png = rate(tmp.resolve("png"), new long[] {32, 32, 3}, pngs);
      report.figure("PNG 32x32 -> 32x32x3, 2 threads: images/s", String.format("%.0f", png),
          "");
      Path idx = fixtures.resolve("data/fashion-mnist/train-images-idx3-ubyte.gz");
      Path resnet = fixtures.resolve("savedmodels/tf1/resnet32-cifar10");
      if (Files.isRegularFile(idx) && Files.isDirectory(resnet)) {
        int n = quick ? 1000 : 10000;
        long start = System.nanoTime();
        RawImages raw = IdxFiles.read(idx, n);
        ImageDataset fitted = ImageFitter.fit(raw, new long[] {32, 32, 3},
            Scaling.PER_IMAGE_STANDARDIZATION);
        double idxRate = n / ((System.nanoTime() - start) / 1e9);
        report.figure("IDX 28x28 read and fitted to 32x32x3: images/s",
            String.format("%.0f", idxRate), "");
        // the model's forward pass bounds its training throughput from above
        double model;
        try (BaseModel base = SavedModels.load(resnet)) {
          FeatureExtractor extractor = FeatureExtractor.of(base, "resnet_model/final_reduce_mean");
          extractor.extract(ImageFitter.fit(IdxFiles.read(idx, 256), new long[] {32, 32, 3},
              Scaling.PER_IMAGE_STANDARDIZATION));
          long t = System.nanoTime();
          extractor.extract(fitted);
          model = n / ((System.nanoTime() - t) / 1e9);
        }
        report.figure("ResNet-32 forward (features), batch 64: images/s",
            String.format("%.0f", model), "");
        report.figure("  PNG 32x32 pipeline / ResNet-32 forward", String.format("%.1fx",
            png / model), ">= 5x");
        report.figure("  IDX pipeline / ResNet-32 forward", String.format("%.1fx",
            idxRate / model), ">= 5x");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      Folders.delete(tmp);
    }
  }

  /** Best of 3 full reads, after a warm-up read (the JIT compiles the decoder first). */
  private static double rate(Path root, long[] shape, int count) {
    ImageFolders.reader().limit(Math.min(count, 100)).read(root, shape);
    double best = Double.MAX_VALUE;
    for (int run = 0; run < 3; run++) {
      long start = System.nanoTime();
      ImageFolders.reader().read(root, shape);
      best = Math.min(best, (System.nanoTime() - start) / 1e9);
    }
    return count / best;
  }

  /** Smooth colour gradients with a blob and grain: closer to photos than flat colour. */
  private static void writeImages(Path root, int count, int size, String format)
      throws IOException {
    Random random = new Random(1);
    for (int n = 0; n < count; n++) {
      BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
      double fx = (0.01 + random.nextDouble() * 0.05) * 256 / size;
      double fy = (0.01 + random.nextDouble() * 0.05) * 256 / size;
      int cx = random.nextInt(size);
      int cy = random.nextInt(size);
      double spread = 2000.0 * size * size / (256 * 256);
      for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
          double blob = Math.exp(-((x - cx) * (x - cx) + (y - cy) * (y - cy)) / spread);
          int r = clamp(128 + 100 * Math.sin(x * fx) + random.nextInt(41) - 20);
          int g = clamp(128 + 100 * Math.cos(y * fy) + random.nextInt(41) - 20);
          int b = clamp(60 + 180 * blob + random.nextInt(41) - 20);
          img.setRGB(x, y, r << 16 | g << 8 | b);
        }
      }
      Path file = root.resolve("class" + n % 10).resolve(String.format("%05d.%s", n, format));
      Files.createDirectories(file.getParent());
      ImageIO.write(img, format, file.toFile());
    }
  }

  private static int clamp(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v)));
  }
}
