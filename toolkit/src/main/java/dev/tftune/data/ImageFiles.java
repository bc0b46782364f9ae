package dev.tftune.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes image files (JPEG, PNG, BMP, GIF) into 8-bit pixels fitted to a size and channel
 * count, in parallel: the decoding half of {@link ImageFolders}, which decides which files to
 * read. A file that cannot be decoded gives a reason instead of an image, never an exception.
 */
final class ImageFiles {
  private ImageFiles() {}

  /**
   * Decodes files into {@code pixels}, file after file, on up to {@code threads} threads.
   *
   * @param root the folder read, for messages; null for files given one by one
   * @return per file, null when decoded, else why not, in one line
   */
  static String[] decodeAll(Path root, List<Path> files, int height, int width, int channels,
      int threads, byte[] pixels) {
    String[] failures = new String[files.size()];
    int size = height * width * channels;
    int poolSize = Math.min(threads, files.size());
    if (poolSize <= 1) {
      float[] plane = new float[height * width * 3];
      for (int i = 0; i < files.size(); i++) {
        failures[i] = decode(files.get(i), height, width, channels, plane, pixels, i * size);
      }
      return failures;
    }
    AtomicInteger threadId = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(poolSize, r -> {
      Thread t = new Thread(r, "tftune-image-decode-" + threadId.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    // each thread reuses one scratch plane; tasks write disjoint slots of pixels, and
    // Future.get makes their writes visible here
    ThreadLocal<float[]> planes = ThreadLocal.withInitial(() -> new float[height * width * 3]);
    try {
      List<Future<String>> results = new ArrayList<>(files.size());
      for (int i = 0; i < files.size(); i++) {
        Path file = files.get(i);
        int offset = i * size;
        results.add(pool.submit(
            () -> decode(file, height, width, channels, planes.get(), pixels, offset)));
      }
      for (int i = 0; i < files.size(); i++) {
        failures[i] = results.get(i).get();
      }
      return failures;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DataException("reading the images of " + (root != null ? root : "the files")
          + " was interrupted",
          "run again without interrupting", e);
    } catch (ExecutionException e) {
      // decode reports every exception as a reason; what arrives here is an Error (memory)
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Decodes one file into {@code dst} at {@code offset}, resized and with the channels asked
   * for.
   *
   * @return null when decoded, else why not, in one line
   */
  static String decode(Path file, int height, int width, int channels, float[] plane,
      byte[] dst, int offset) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException | RuntimeException e) {
      return "cannot be read: " + oneLine(e);
    }
    try {
      // an in-memory stream: ImageIO.read(InputStream) would cache in a temporary file
      ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes));
      BufferedImage image = ImageIO.read(in); // closes the stream unless it returns null
      if (image == null) {
        in.close();
        return "not an image that can be decoded (corrupt, or not really "
            + "a JPEG, PNG, BMP or GIF file)";
      }
      int srcChannels = isGray(image.getColorModel()) ? 1 : 3;
      byte[] src = pixels(image, srcChannels);
      ImageFitter.fitToBytes(src, 0, image.getHeight(), image.getWidth(), srcChannels,
          height, width, channels, plane, dst, offset);
      return null;
    } catch (IOException | RuntimeException e) {
      // decoders throw runtime exceptions too on some malformed files: a bad file is skipped,
      // never the end of the whole read
      return "cannot be decoded: " + oneLine(e);
    }
  }

  private static boolean isGray(ColorModel cm) {
    return cm instanceof ComponentColorModel
        && cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY;
  }

  /**
   * The 8-bit values of a decoded image, 1 (gray) or 3 (RGB) channels, channels last.
   * Component images (JPEG, PNG without palette) are read from the raster, as decoders such as
   * TensorFlow's give them: {@link BufferedImage#getRGB} would change gray values, treating
   * Java's gray as linear and converting it to sRGB. Other images (palettes, packed RGB) go
   * through {@code getRGB}.
   */
  private static byte[] pixels(BufferedImage image, int channels) {
    int w = image.getWidth();
    int h = image.getHeight();
    byte[] out = new byte[Math.multiplyExact(w * h, channels)];
    ColorModel cm = image.getColorModel();
    Raster raster = image.getRaster();
    boolean components = cm instanceof ComponentColorModel
        && (channels == 1 || cm.getColorSpace().isCS_sRGB())
        && raster.getNumBands() >= channels;
    if (components && raster.getDataBuffer() instanceof DataBufferByte bytes
        && bytes.getNumBanks() == 1
        && raster.getSampleModel() instanceof PixelInterleavedSampleModel sm
        && cm.getComponentSize(0) == 8) {
      // the common case (JPEG, 8-bit PNG): the bytes themselves, in any band order
      byte[] data = bytes.getData();
      int[] bandOffsets = sm.getBandOffsets();
      int pixelStride = sm.getPixelStride();
      int scanline = sm.getScanlineStride();
      int base = bytes.getOffset() - raster.getSampleModelTranslateY() * scanline
          - raster.getSampleModelTranslateX() * pixelStride;
      int o = 0;
      for (int y = 0; y < h; y++) {
        int row = base + y * scanline;
        for (int x = 0; x < w; x++) {
          int p = row + x * pixelStride;
          for (int ch = 0; ch < channels; ch++) {
            out[o++] = data[p + bandOffsets[ch]];
          }
        }
      }
    } else if (components) {
      // other sample sizes (16-bit PNG, 1-, 2- and 4-bit gray): scaled to 8 bits
      int bands = raster.getNumBands();
      int[] samples = raster.getPixels(0, 0, w, h, (int[]) null);
      float max = (1 << cm.getComponentSize(0)) - 1;
      for (int p = 0; p < w * h; p++) {
        for (int ch = 0; ch < channels; ch++) {
          out[p * channels + ch] = (byte) Math.round(samples[p * bands + ch] * 255f / max);
        }
      }
    } else {
      int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
      for (int p = 0; p < w * h; p++) {
        int v = argb[p];
        if (channels == 1) {
          out[p] = (byte) Math.round(((v >> 16 & 0xff) + (v >> 8 & 0xff) + (v & 0xff)) / 3f);
        } else {
          out[p * 3] = (byte) (v >> 16);
          out[p * 3 + 1] = (byte) (v >> 8);
          out[p * 3 + 2] = (byte) v;
        }
      }
    }
    return out;
  }

  /** An exception's message on one line, or its class name when it has none. */
  static String oneLine(Exception e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.replaceAll("\\s+", " ").trim();
  }
}
