package dev.tftune.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads images and labels in the IDX format of MNIST and Fashion-MNIST, gzipped or not. The
 * labels file is found beside the images by the standard naming
 * ({@code train-images-idx3-ubyte.gz} -> {@code train-labels-idx1-ubyte.gz}).
 */
public final class IdxFiles {
  private static final int IMAGES_MAGIC = 0x00000803;
  private static final int LABELS_MAGIC = 0x00000801;
  /** Pixels an IDX image may have: a header beyond it is damaged, not a real image. */
  private static final long MAX_PIXELS = 1L << 24;

  private IdxFiles() {}

  /**
   * Reads the first {@code limit} images and their labels.
   *
   * @param images the images file
   * @param limit how many examples to read; 0 or less reads all
   * @throws DataException when a file is missing or malformed
   */
  public static RawImages read(Path images, int limit) {
    Path labels = labelsFileFor(images);
    try (DataInputStream img = open(images); DataInputStream lab = open(labels)) {
      int magic = img.readInt();
      if (magic != IMAGES_MAGIC) {
        throw new DataException(images + " is not an IDX image file (magic 0x"
            + Integer.toHexString(magic) + ")", "pass a *-images-idx3-ubyte[.gz] file");
      }
      int count = img.readInt();
      int rows = img.readInt();
      int cols = img.readInt();
      if (count < 0 || rows <= 0 || cols <= 0 || (long) rows * cols > MAX_PIXELS) {
        throw new DataException(images + " has a broken IDX header: " + count + " images of "
            + rows + "x" + cols + " pixels", "download the file again, or write it with "
            + "positive sizes (at most " + MAX_PIXELS + " pixels an image)");
      }
      if (lab.readInt() != LABELS_MAGIC) {
        throw new DataException(labels + " is not an IDX label file",
            "put the matching *-labels-idx1-ubyte[.gz] file beside the images");
      }
      int labelCount = lab.readInt();
      if (labelCount != count) {
        throw new DataException(images + " holds " + count + " images but " + labels + " holds "
            + labelCount + " labels", "use the labels file that belongs to these images");
      }
      int n = limit > 0 ? Math.min(limit, count) : count;
      long bytes = (long) n * rows * cols;
      if (bytes > Integer.MAX_VALUE - 8) {
        throw new DataException(images + " holds " + n + " images of " + rows + "x" + cols
            + ", more than " + (Integer.MAX_VALUE / 1_000_000) + " MB of pixels in one array",
            "read fewer with --limit");
      }
      byte[] pixels = new byte[(int) bytes];
      img.readFully(pixels);
      byte[] rawLabels = new byte[n];
      lab.readFully(rawLabels);
      int[] ids = new int[n];
      int classes = 0;
      for (int i = 0; i < n; i++) {
        ids[i] = rawLabels[i] & 0xff;
        classes = Math.max(classes, ids[i] + 1);
      }
      List<String> names = new ArrayList<>();
      for (int c = 0; c < Math.max(classes, 10); c++) {
        names.add(Integer.toString(c));
      }
      return new RawImages(n, rows, cols, 1, pixels, ids, names);
    } catch (EOFException e) {
      throw new DataException(images + " or its labels file ends early",
          "download the files again", e);
    } catch (IOException e) {
      throw new DataException("cannot read " + images + ": " + e.getMessage(),
          "check the path and that the file is IDX, gzipped or not", e);
    }
  }

  /** The labels file beside an images file, by the standard name. */
  public static Path labelsFileFor(Path images) {
    if (!Files.isRegularFile(images)) {
      throw new DataException("data file " + images + " does not exist",
          "pass an IDX images file such as train-images-idx3-ubyte.gz");
    }
    String name = images.getFileName().toString();
    if (!name.contains("images-idx3")) {
      throw new DataException(images + " is not named like an IDX images file",
          "pass a file named *-images-idx3-ubyte or *-images-idx3-ubyte.gz");
    }
    String base = name.replace("images-idx3", "labels-idx1").replaceFirst("\\.gz$", "");
    for (String candidate : List.of(base + ".gz", base)) {
      Path p = images.resolveSibling(candidate);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    throw new DataException("labels file " + images.resolveSibling(base + ".gz") + " is missing",
        "put " + base + "[.gz] beside " + name);
  }

  private static DataInputStream open(Path file) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    in.mark(2);
    int b1 = in.read();
    int b2 = in.read();
    in.reset();
    if (b1 == 0x1f && b2 == 0x8b) {
      in = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
    }
    return new DataInputStream(in);
  }
}
