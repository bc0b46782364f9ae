package dev.tftune.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading MNIST-style IDX files, gzipped or plain, with the labels found beside the images. */
class IdxFilesTest {
  private static final int IMAGES_MAGIC = 0x803;
  private static final int LABELS_MAGIC = 0x801;

  /** Three 2x3 images whose pixels are 10 * image + position, and their labels. */
  private static final int COUNT = 3;
  private static final int ROWS = 2;
  private static final int COLS = 3;
  private static final byte[] LABELS = {7, 0, 3};

  @TempDir
  Path dir;

  @Test
  void readsGzippedImagesAndLabels() throws IOException {
    Path images = writeImages("train-images-idx3-ubyte.gz", IMAGES_MAGIC, COUNT, true);
    writeLabels("train-labels-idx1-ubyte.gz", LABELS_MAGIC, LABELS, true);

    RawImages raw = IdxFiles.read(images, 0);

    assertEquals(COUNT, raw.count());
    assertEquals(ROWS, raw.height());
    assertEquals(COLS, raw.width());
    assertEquals(1, raw.channels());
    assertArrayEquals(pixels(COUNT), raw.pixels());
    assertArrayEquals(new int[] {7, 0, 3}, raw.labels());
  }

  @Test
  void readsPlainImagesAndLabels() throws IOException {
    Path images = writeImages("t10k-images-idx3-ubyte", IMAGES_MAGIC, COUNT, false);
    writeLabels("t10k-labels-idx1-ubyte", LABELS_MAGIC, LABELS, false);

    RawImages raw = IdxFiles.read(images, 0);

    assertArrayEquals(pixels(COUNT), raw.pixels());
    assertArrayEquals(new int[] {7, 0, 3}, raw.labels());
  }

  @Test
  void pixelValuesAbove127AreReadUnsigned() throws IOException {
    Path images = writeImages("train-images-idx3-ubyte", IMAGES_MAGIC, COUNT, false,
        new byte[] {(byte) 200, (byte) 255, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15});
    writeLabels("train-labels-idx1-ubyte", LABELS_MAGIC, new byte[] {(byte) 250, 1, 2}, false);

    RawImages raw = IdxFiles.read(images, 0);

    assertEquals(200, raw.pixel(0, 0, 0, 0));
    assertEquals(255, raw.pixel(0, 0, 1, 0));
    assertEquals(250, raw.labels()[0]);
  }

  @Test
  void limitReadsOnlyTheFirstExamples() throws IOException {
    Path images = writeImages("train-images-idx3-ubyte.gz", IMAGES_MAGIC, COUNT, true);
    writeLabels("train-labels-idx1-ubyte.gz", LABELS_MAGIC, LABELS, true);

    RawImages raw = IdxFiles.read(images, 2);

    assertEquals(2, raw.count());
    assertArrayEquals(pixels(2), raw.pixels());
    assertArrayEquals(new int[] {7, 0}, raw.labels());
  }

  @Test
  void limitAboveTheCountReadsEverything() throws IOException {
    Path images = writeImages("train-images-idx3-ubyte.gz", IMAGES_MAGIC, COUNT, true);
    writeLabels("train-labels-idx1-ubyte.gz", LABELS_MAGIC, LABELS, true);

    assertEquals(COUNT, IdxFiles.read(images, 100).count());
  }

  @Test
  void classNamesAreTheDigitsAtLeastTenOfThem() throws IOException {
    Path images = writeImages("train-images-idx3-ubyte.gz", IMAGES_MAGIC, COUNT, true);
    writeLabels("train-labels-idx1-ubyte.gz", LABELS_MAGIC, LABELS, true);

    assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
        IdxFiles.read(images, 0).classNames());
  }

  @Test
  void labelsFileOfGzippedImagesIsTheGzippedLabelsFileBesideThem() throws IOException {
    Path images = writeImages("train-images-idx3-ubyte.gz", IMAGES_MAGIC, COUNT, true);
    Path labels = writeLabels("train-labels-idx1-ubyte.gz", LABELS_MAGIC, LABELS, true);

    assertEquals(labels, IdxFiles.labelsFileFor(images));
  }

  @Test
  void plainLabelsFileIsFoundBesideGzippedImages() throws IOException {
    Path images = writeImages("train-images-idx3-ubyte.gz", IMAGES_MAGIC, COUNT, true);
    Path labels = writeLabels("train-labels-idx1-ubyte", LABELS_MAGIC, LABELS, false);

    assertEquals(labels, IdxFiles.labelsFileFor(images));
    assertArrayEquals(new int[] {7, 0, 3}, IdxFiles.read(images, 0).labels());
  }

  @Test
  void missingLabelsFileFailsWithOneLineMessageNamingTheExpectedFile() throws IOException {
    Path images = writeImages("train-images-idx3-ubyte.gz", IMAGES_MAGIC, COUNT, true);

    DataException e = assertThrows(DataException.class, () -> IdxFiles.read(images, 0));

    assertOneLine(e);
    assertTrue(e.getMessage().contains("train-labels-idx1-ubyte"), e.getMessage());
    assertTrue(e.getMessage().contains("missing"), e.getMessage());
    assertTrue(e.getMessage().contains("fix:"), e.getMessage());
  }

  @Test
  void missingImagesFileFailsWithOneLineMessage() {
    Path images = dir.resolve("train-images-idx3-ubyte.gz");

    DataException e = assertThrows(DataException.class, () -> IdxFiles.read(images, 0));

    assertOneLine(e);
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
  }

  @Test
  void imagesFileWithWrongMagicFailsWithOneLineMessageNamingTheMagic() throws IOException {
    Path images = writeImages("train-images-idx3-ubyte.gz", LABELS_MAGIC, COUNT, true);
    writeLabels("train-labels-idx1-ubyte.gz", LABELS_MAGIC, LABELS, true);

    DataException e = assertThrows(DataException.class, () -> IdxFiles.read(images, 0));

    assertOneLine(e);
    assertTrue(e.getMessage().contains("not an IDX image file"), e.getMessage());
    assertTrue(e.getMessage().contains("0x801"), e.getMessage());
    assertTrue(e.getMessage().contains("fix:"), e.getMessage());
  }

  @Test
  void labelsFileWithWrongMagicFailsWithOneLineMessage() throws IOException {
    Path images = writeImages("train-images-idx3-ubyte.gz", IMAGES_MAGIC, COUNT, true);
    writeLabels("train-labels-idx1-ubyte.gz", IMAGES_MAGIC, LABELS, true);

    DataException e = assertThrows(DataException.class, () -> IdxFiles.read(images, 0));

    assertOneLine(e);
    assertTrue(e.getMessage().contains("not an IDX label file"), e.getMessage());
  }

  @Test
  void labelCountDifferentFromImageCountFails() throws IOException {
    Path images = writeImages("train-images-idx3-ubyte.gz", IMAGES_MAGIC, COUNT, true);
    writeLabels("train-labels-idx1-ubyte.gz", LABELS_MAGIC, new byte[] {1, 2}, true);

    DataException e = assertThrows(DataException.class, () -> IdxFiles.read(images, 0));

    assertOneLine(e);
    assertTrue(e.getMessage().contains("3 images but"), e.getMessage());
  }

  @Test
  void truncatedImagesFileFailsSayingItEndsEarly() throws IOException {
    Path images = writeImages("train-images-idx3-ubyte.gz", IMAGES_MAGIC, COUNT, true,
        new byte[COUNT * ROWS * COLS - 1]);
    writeLabels("train-labels-idx1-ubyte.gz", LABELS_MAGIC, LABELS, true);

    DataException e = assertThrows(DataException.class, () -> IdxFiles.read(images, 0));

    assertOneLine(e);
    assertTrue(e.getMessage().contains("ends early"), e.getMessage());
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({"-1, 2, 3", "3, 0, 0", "3, 2, -5",
      "3, 65536, 65536", "2147483647, 100000, 100000"})
  void aBrokenHeaderIsOneLineNamingTheSizes(int count, int rows, int cols) throws IOException {
    Path images = dir.resolve("t-images-idx3-ubyte");
    try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(images))) {
      out.writeInt(IMAGES_MAGIC);
      out.writeInt(count);
      out.writeInt(rows);
      out.writeInt(cols);
      out.write(new byte[64]);
    }
    writeLabels("t-labels-idx1-ubyte", LABELS_MAGIC, LABELS, false);
    DataException e = assertThrows(DataException.class, () -> IdxFiles.read(images, 0));
    assertOneLine(e);
    assertTrue(e.getMessage().contains("broken IDX header: " + count + " images of " + rows
        + "x" + cols), e.getMessage());
  }

  @Test
  void moreImagesThanOneArrayHoldsAsksForALimit() throws IOException {
    Path images = dir.resolve("t-images-idx3-ubyte");
    try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(images))) {
      out.writeInt(IMAGES_MAGIC);
      out.writeInt(100_000_000);
      out.writeInt(28);
      out.writeInt(28);
    }
    try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(
        dir.resolve("t-labels-idx1-ubyte")))) {
      out.writeInt(LABELS_MAGIC);
      out.writeInt(100_000_000);
    }
    DataException e = assertThrows(DataException.class, () -> IdxFiles.read(images, 0));
    assertOneLine(e);
    assertTrue(e.getMessage().contains("(fix: read fewer with --limit)"), e.getMessage());
  }

  @Test
  void fileNotNamedLikeImagesIsRejected() throws IOException {
    Path images = writeImages("pictures.gz", IMAGES_MAGIC, COUNT, true);

    DataException e = assertThrows(DataException.class, () -> IdxFiles.labelsFileFor(images));

    assertOneLine(e);
    assertTrue(e.getMessage().contains("images-idx3"), e.getMessage());
  }

  private static byte[] pixels(int count) {
    byte[] p = new byte[count * ROWS * COLS];
    for (int n = 0; n < count; n++) {
      for (int i = 0; i < ROWS * COLS; i++) {
        p[n * ROWS * COLS + i] = (byte) (10 * n + i);
      }
    }
    return p;
  }

  private Path writeImages(String name, int magic, int count, boolean gzip) throws IOException {
    return writeImages(name, magic, count, gzip, pixels(count));
  }

  private Path writeImages(String name, int magic, int count, boolean gzip, byte[] pixels)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(magic);
    out.writeInt(count);
    out.writeInt(ROWS);
    out.writeInt(COLS);
    out.write(pixels);
    return write(name, bytes.toByteArray(), gzip);
  }

  private Path writeLabels(String name, int magic, byte[] labels, boolean gzip)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(magic);
    out.writeInt(labels.length);
    out.write(labels);
    return write(name, bytes.toByteArray(), gzip);
  }

  private Path write(String name, byte[] content, boolean gzip) throws IOException {
    Path file = dir.resolve(name);
    try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file))
        : Files.newOutputStream(file)) {
      out.write(content);
    }
    return file;
  }

  private static void assertOneLine(Exception e) {
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
  }
}
