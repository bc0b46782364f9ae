package dev.tftune.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * How fast a folder of JPEGs is decoded and resized: 500 photo-like 256x256 JPEGs in 10
 * classes, read at 224x224x3, printed in images/s (not asserted: it measures the machine).
 * Opt-in, as it takes some seconds:
 * {@code mvn -o -q test -pl toolkit -Dtest=ImageFoldersThroughputTest -Dtftune.bench=true}.
 */
@EnabledIfSystemProperty(named = "tftune.bench", matches = "true")
class ImageFoldersThroughputTest {
  private static final int IMAGES = 500;
  private static final int CLASSES = 10;
  private static final int SIZE = 256;

  @TempDir
  Path root;

  @Test
  void decodeAndResizeThroughput() throws IOException {
    long bytes = writeJpegs();
    long[] input = {224, 224, 3};
    int processors = Runtime.getRuntime().availableProcessors();
    // warm-up, so the JIT has compiled the decoder and the resize before timing
    ImageFolders.reader().limit(100).read(root, input);

    for (int threads : processors > 1 ? new int[] {1, processors} : new int[] {1}) {
      double best = Double.MAX_VALUE;
      for (int run = 0; run < 3; run++) {
        long start = System.nanoTime();
        ImageFolder f = ImageFolders.reader().threads(threads).read(root, input);
        best = Math.min(best, (System.nanoTime() - start) / 1e9);
        assertEquals(IMAGES, f.images().count());
      }
      System.out.printf(Locale.ROOT, "THROUGHPUT %d JPEGs %dx%d (%.0f KB each) -> 224x224x3, "
              + "%d thread(s) of %d processors: %.0f images/s (best of 3: %.2f s)%n",
          IMAGES, SIZE, SIZE, bytes / 1024.0 / IMAGES, threads, processors, IMAGES / best,
          best);
    }
  }

  /** Smooth colour gradients with blobs and grain, closer to photos than flat colour. */
  private long writeJpegs() throws IOException {
    Random random = new Random(1);
    long bytes = 0;
    for (int n = 0; n < IMAGES; n++) {
      BufferedImage img = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
      double fx = 0.01 + random.nextDouble() * 0.05;
      double fy = 0.01 + random.nextDouble() * 0.05;
      int cx = random.nextInt(SIZE);
      int cy = random.nextInt(SIZE);
      for (int y = 0; y < SIZE; y++) {
        for (int x = 0; x < SIZE; x++) {
          double blob = Math.exp(-((x - cx) * (x - cx) + (y - cy) * (y - cy)) / 2000.0);
          int r = clamp(128 + 100 * Math.sin(x * fx) + random.nextInt(41) - 20);
          int g = clamp(128 + 100 * Math.cos(y * fy) + random.nextInt(41) - 20);
          int b = clamp(60 + 180 * blob + random.nextInt(41) - 20);
          img.setRGB(x, y, r << 16 | g << 8 | b);
        }
      }
      Path file = root.resolve("class" + n % CLASSES).resolve(String.format("%04d.jpg", n));
      Files.createDirectories(file.getParent());
      ImageIO.write(img, "jpeg", file.toFile());
      bytes += Files.size(file);
    }
    return bytes;
  }

  private static int clamp(double v) {
    return (int) Math.max(0, Math.min(255, v));
  }
}
