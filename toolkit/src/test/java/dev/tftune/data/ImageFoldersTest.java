package dev.tftune.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tftune.data.ImageFolder.Skipped;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Tensor;
import org.tensorflow.types.TFloat32;

/** Reading a folder per class: labels, order, decoding, resizing, and files that are skipped. */
class ImageFoldersTest {
  @TempDir
  Path root;

  @Test
  void classesAreTheSubFoldersSortedByNameAndLabelTheirImages() throws IOException {
    png("dog/1.png", solid(2, 2, 0x000001));
    png("dog/2.png", solid(2, 2, 0x000002));
    png("cat/1.png", solid(2, 2, 0x000003));
    png("bird/1.png", solid(2, 2, 0x000004));
    png("bird/2.png", solid(2, 2, 0x000005));
    png("bird/3.png", solid(2, 2, 0x000006));

    ImageFolder f = ImageFolders.reader().read(root, 2, 2, 3);

    assertEquals(List.of("bird", "cat", "dog"), f.classNames());
    assertArrayEquals(new int[] {3, 1, 2}, f.classCounts());
    assertArrayEquals(new int[] {0, 0, 0, 1, 2, 2}, f.images().labels());
    assertEquals(List.of("bird", "cat", "dog"), f.images().classNames());
  }

  @Test
  void classNamesSortAsStringsAsKerasSortsThem() throws IOException {
    for (String c : List.of("2", "10", "1")) {
      png(c + "/a.png", solid(1, 1, 0));
    }

    assertEquals(List.of("1", "10", "2"), ImageFolders.reader().read(root, 1, 1, 3).classNames());
  }

  @Test
  void imagesOfAClassAreInFileNameOrder() throws IOException {
    png("cat/b.png", solid(1, 1, 20));
    png("cat/c.png", solid(1, 1, 30));
    png("cat/a.png", solid(1, 1, 10));

    ImageFolder f = ImageFolders.reader().read(root, 1, 1, 3);

    assertEquals(List.of("a.png", "b.png", "c.png"),
        f.files().stream().map(p -> p.getFileName().toString()).toList());
    assertEquals(10, f.images().pixel(0, 0, 0, 2));
    assertEquals(20, f.images().pixel(1, 0, 0, 2));
    assertEquals(30, f.images().pixel(2, 0, 0, 2));
  }

  @Test
  void imagesInSubFoldersOfAClassBelongToIt() throws IOException {
    png("cat/sub/x.png", solid(1, 1, 0));
    png("cat/a.png", solid(1, 1, 0));

    ImageFolder f = ImageFolders.reader().read(root, 1, 1, 3);

    assertEquals(List.of(root.resolve("cat/a.png"), root.resolve("cat/sub/x.png")), f.files());
    assertEquals(List.of("cat"), f.classNames());
  }

  @Test
  void rgbValuesAreReadExactlyFromPng() throws IOException {
    png("c/a.png", solid(3, 2, 0x0a141e));

    RawImages img = ImageFolders.reader().read(root, 2, 3, 3).images();

    assertEquals(10, img.pixel(0, 1, 2, 0));
    assertEquals(20, img.pixel(0, 1, 2, 1));
    assertEquals(30, img.pixel(0, 1, 2, 2));
  }

  @Test
  void grayImagesAreRepeatedToThreeChannelsWithTheirValues() throws IOException {
    // Java's getRGB would turn gray 77 into 149 (linear gray to sRGB); decoders such as
    // TensorFlow's keep the stored value
    png("c/a.png", gray(2, 2, 77));

    RawImages img = ImageFolders.reader().read(root, 2, 2, 3).images();

    assertEquals(3, img.channels());
    for (int ch = 0; ch < 3; ch++) {
      assertEquals(77, img.pixel(0, 1, 1, ch));
    }
  }

  @Test
  void sixteenBitGrayIsScaledToEightBits() throws IOException {
    BufferedImage deep = new BufferedImage(1, 1, BufferedImage.TYPE_USHORT_GRAY);
    deep.getRaster().setSample(0, 0, 0, 0x8080);
    png("c/a.png", deep);

    assertEquals(128, ImageFolders.reader().read(root, 1, 1, 1).images().pixel(0, 0, 0, 0));
  }

  @Test
  void alphaIsDropped() throws IOException {
    BufferedImage argb = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
    argb.setRGB(0, 0, 0x800a141e);
    png("c/a.png", argb);

    RawImages img = ImageFolders.reader().read(root, 1, 1, 3).images();

    assertEquals(3, img.channels());
    assertArrayEquals(new byte[] {10, 20, 30}, img.pixels());
  }

  @Test
  void rgbImagesReadAsOneChannelAreTheMeanOfTheChannels() throws IOException {
    png("c/a.png", solid(1, 1, 0x1e3c5a)); // 30, 60, 90

    RawImages img = ImageFolders.reader().read(root, 1, 1, 1).images();

    assertEquals(1, img.channels());
    assertEquals(60, img.pixel(0, 0, 0, 0));
  }

  @Test
  void imagesAreResizedAsImageFitterResizesThem() throws IOException {
    BufferedImage gradient = new BufferedImage(8, 6, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 6; y++) {
      for (int x = 0; x < 8; x++) {
        gradient.setRGB(x, y, (x * 30) << 16 | (y * 40) << 8 | (x * y * 5));
      }
    }
    png("c/a.png", gradient);

    RawImages full = ImageFolders.reader().read(root, 6, 8, 3).images();
    RawImages small = ImageFolders.reader().read(root, 4, 5, 3).images();

    assertEquals(4, small.height());
    assertEquals(5, small.width());
    float[] fitted = values(ImageFitter.fit(full, new long[] {4, 5, 3}, Scaling.RAW));
    for (int i = 0; i < fitted.length; i++) {
      assertEquals(Math.round(fitted[i]), small.pixels()[i] & 0xff, "value " + i);
    }
  }

  @Test
  void everyImageExtensionIsReadInAnyCase() throws IOException {
    write("c/a.PNG", solid(4, 4, 0x808080), "png");
    write("c/b.jpg", solid(4, 4, 0x808080), "jpeg");
    write("c/c.JPEG", solid(4, 4, 0x808080), "jpeg");
    write("c/d.bmp", solid(4, 4, 0x808080), "bmp");
    write("c/e.Gif", solid(4, 4, 0x808080), "gif");

    ImageFolder f = ImageFolders.reader().read(root, 4, 4, 3);

    assertEquals(5, f.images().count());
    assertEquals(List.of(), f.skipped());
    for (int n = 0; n < 5; n++) {
      // JPEG is lossy; a flat gray survives within a step or two
      assertEquals(128, f.images().pixel(n, 2, 2, 1), 2, "image " + f.files().get(n));
    }
  }

  @Test
  void corruptJpegIsSkippedWithItsPathAndReason() throws IOException {
    png("cat/a.png", solid(1, 1, 0));
    Path bad = root.resolve("cat/b.jpg");
    Files.writeString(bad, "this is not a JPEG");

    ImageFolder f = ImageFolders.reader().read(root, 1, 1, 3);

    assertEquals(1, f.images().count());
    assertArrayEquals(new int[] {1}, f.classCounts());
    assertEquals(1, f.skipped().size());
    assertEquals(bad, f.skipped().get(0).file());
    assertTrue(f.skipped().get(0).reason().contains("not an image that can be decoded"),
        f.skipped().get(0).reason());
  }

  @Test
  void truncatedPngIsSkipped() throws IOException {
    png("cat/a.png", solid(1, 1, 0));
    Path whole = png("cat/b.png", noise(32, 32));
    byte[] bytes = Files.readAllBytes(whole);
    Files.write(whole, Arrays.copyOf(bytes, bytes.length / 2));

    ImageFolder f = ImageFolders.reader().read(root, 8, 8, 3);

    assertEquals(1, f.images().count());
    assertEquals(List.of(whole), f.skipped().stream().map(Skipped::file).toList());
    assertTrue(f.skipped().get(0).reason().startsWith("cannot be decoded"),
        f.skipped().get(0).reason());
  }

  @Test
  void textFileIsSkippedAsNotAnImage() throws IOException {
    png("cat/a.png", solid(1, 1, 0));
    Path notes = root.resolve("cat/notes.txt");
    Files.writeString(notes, "taken on a sunny day");

    ImageFolder f = ImageFolders.reader().read(root, 1, 1, 3);

    assertEquals(1, f.images().count());
    assertEquals(notes, f.skipped().get(0).file());
    assertTrue(f.skipped().get(0).reason().contains("not an image file"),
        f.skipped().get(0).reason());
  }

  @Test
  void emptyClassFolderKeepsItsClassIdLikeKeras() throws IOException {
    png("a/1.png", solid(1, 1, 0));
    Files.createDirectories(root.resolve("b"));
    png("c/1.png", solid(1, 1, 0));

    ImageFolder f = ImageFolders.reader().read(root, 1, 1, 3);

    assertEquals(List.of("a", "b", "c"), f.classNames());
    assertArrayEquals(new int[] {1, 0, 1}, f.classCounts());
    assertArrayEquals(new int[] {0, 2}, f.images().labels());
    assertEquals(List.of("b"), f.emptyClasses());
  }

  @Test
  void warningsNameSkippedFilesAndEmptyClasses() throws IOException {
    png("cat/a.png", solid(1, 1, 0));
    Files.writeString(root.resolve("cat/bad.jpg"), "junk");
    Files.writeString(root.resolve("cat/notes.txt"), "notes");
    Files.createDirectories(root.resolve("dog"));

    String log = stderrOf(() -> ImageFolders.reader().read(root, 1, 1, 3));

    assertTrue(log.contains("WARN"), log);
    assertTrue(log.contains("skipped 2 files of " + root), log);
    assertTrue(log.contains(root.resolve("cat/bad.jpg").toString()), log);
    assertTrue(log.contains(root.resolve("cat/notes.txt").toString()), log);
    assertTrue(log.contains("class folders without images in " + root + ": [dog]"), log);
    assertTrue(log.contains("cat=1, dog=0"), log);
  }

  @Test
  void warningListsTheFirstFiveSkippedFilesAndCountsTheRest() throws IOException {
    png("cat/a.png", solid(1, 1, 0));
    for (int i = 0; i < 7; i++) {
      Files.writeString(root.resolve("cat/notes" + i + ".txt"), "notes");
    }

    String log = stderrOf(() -> ImageFolders.reader().read(root, 1, 1, 3));

    assertTrue(log.contains("notes4.txt"), log);
    assertFalse(log.contains("notes5.txt"), log);
    assertTrue(log.contains("and 2 more"), log);
  }

  @Test
  void filesDirectlyInTheRootAreSkipped() throws IOException {
    Path loose = png("loose.png", solid(1, 1, 0));
    png("cat/a.png", solid(1, 1, 0));

    ImageFolder f = ImageFolders.reader().read(root, 1, 1, 3);

    assertEquals(1, f.images().count());
    assertEquals(List.of(new Skipped(loose, "not in a class folder")), f.skipped());
  }

  @Test
  void hiddenFoldersAreNotClassesAndHiddenFilesAreNotImages() throws IOException {
    png(".ipynb_checkpoints/a.png", solid(1, 1, 0));
    png("cat/.hidden/a.png", solid(1, 1, 0));
    png("cat/._a.png", solid(1, 1, 0));
    png("cat/a.png", solid(1, 1, 0));

    ImageFolder f = ImageFolders.reader().read(root, 1, 1, 3);

    assertEquals(List.of("cat"), f.classNames());
    assertEquals(1, f.images().count());
    assertEquals(List.of(root.resolve(".ipynb_checkpoints"), root.resolve("cat/._a.png"),
        root.resolve("cat/.hidden")), f.skipped().stream().map(Skipped::file).toList());
  }

  @Test
  void rootWithoutClassFoldersFailsWithAFix() {
    DataException e = assertThrows(DataException.class,
        () -> ImageFolders.reader().read(root, 1, 1, 3));

    assertOneLine(e);
    assertTrue(e.getMessage().contains(root + " has no class folders"), e.getMessage());
    assertTrue(e.getMessage().contains("fix: put the images in one sub-folder per class"),
        e.getMessage());
  }

  @Test
  void missingRootFailsWithAFix() {
    Path missing = root.resolve("nowhere");

    DataException e = assertThrows(DataException.class,
        () -> ImageFolders.reader().read(missing, 1, 1, 3));

    assertOneLine(e);
    assertTrue(e.getMessage().contains(missing + " does not exist"), e.getMessage());
    assertTrue(e.getMessage().contains("fix:"), e.getMessage());
  }

  @Test
  void classFoldersWithoutAnyImageFailNamingTheFirstSkippedFile() throws IOException {
    Files.createDirectories(root.resolve("cat"));
    Files.writeString(root.resolve("cat/notes.txt"), "notes");

    DataException e = assertThrows(DataException.class,
        () -> ImageFolders.reader().read(root, 1, 1, 3));

    assertOneLine(e);
    assertTrue(e.getMessage().contains("no images in the class folders of " + root),
        e.getMessage());
    assertTrue(e.getMessage().contains("notes.txt: not an image file"), e.getMessage());
    assertTrue(e.getMessage().contains("fix: put bmp, gif, jpeg, jpg, png files in"),
        e.getMessage());
  }

  @Test
  void twoChannelsAreRefused() throws IOException {
    png("cat/a.png", solid(1, 1, 0));

    assertThrows(DataException.class, () -> ImageFolders.reader().read(root, 1, 1, 2));
  }

  @Test
  void imagesTooManyForOneArrayFailBeforeDecoding() throws IOException {
    png("cat/a.png", solid(1, 1, 0));
    png("cat/b.png", solid(1, 1, 0));

    DataException e = assertThrows(DataException.class,
        () -> ImageFolders.reader().read(root, 20000, 20000, 3));

    assertTrue(e.getMessage().contains("2 images of 20000x20000x3 are more than one array holds"
        + " (at most 1 of that size)"), e.getMessage());
    assertTrue(e.getMessage().contains("fix: read fewer images"), e.getMessage());
  }

  @Test
  void parallelDecodingGivesTheSequentialResult() throws IOException {
    for (int i = 0; i < 30; i++) {
      String name = (char) ('a' + i % 3) + "/" + String.format("%02d", i);
      if (i % 7 == 3) {
        Files.createDirectories(root.resolve(name).getParent());
        Files.writeString(root.resolve(name + ".jpg"), "junk " + i);
      } else if (i % 2 == 0) {
        write(name + ".jpg", noise(20 + i, 17), "jpeg");
      } else {
        png(name + ".png", i % 4 == 1 ? gray(9, 30 - i) : noise(i, 11));
      }
    }

    ImageFolder one = ImageFolders.reader().threads(1).read(root, 12, 10, 3);
    ImageFolder four = ImageFolders.reader().threads(4).read(root, 12, 10, 3);

    assertEquals(26, one.images().count());
    assertArrayEquals(one.images().pixels(), four.images().pixels());
    assertArrayEquals(one.images().labels(), four.images().labels());
    assertEquals(one.files(), four.files());
    assertEquals(one.skipped(), four.skipped());
  }

  @Test
  void limitPerClassReadsTheFirstImagesOfEachClass() throws IOException {
    for (String name : List.of("a/1", "a/2", "a/3", "b/1", "b/2", "b/3")) {
      png(name + ".png", solid(1, 1, 0));
    }

    ImageFolder f = ImageFolders.reader().limitPerClass(2).read(root, 1, 1, 3);

    assertEquals(List.of(root.resolve("a/1.png"), root.resolve("a/2.png"),
        root.resolve("b/1.png"), root.resolve("b/2.png")), f.files());
  }

  @Test
  void limitTakesImagesFromTheClassesInTurn() throws IOException {
    for (String name : List.of("a/1", "a/2", "a/3", "b/1", "c/1", "c/2", "c/3")) {
      png(name + ".png", solid(1, 1, 0));
    }

    ImageFolder f = ImageFolders.reader().limit(5).read(root, 1, 1, 3);

    assertArrayEquals(new int[] {2, 1, 2}, f.classCounts());
  }

  @Test
  void imagesReadAtAModelInputFitThatInput() throws IOException {
    png("cat/a.png", solid(7, 5, 0xff0000));
    long[] input = {4, 4, 3};

    ImageFolder f = ImageFolders.reader().read(root, input);
    ImageDataset data = ImageFitter.fit(f.images(), input, Scaling.UNIT);

    assertArrayEquals(input, data.imageShape());
    float[] v = values(data);
    assertEquals(1f, v[0]);
    assertEquals(0f, v[1]);
  }

  private Path png(String name, BufferedImage image) throws IOException {
    return write(name, image, "png");
  }

  private Path write(String name, BufferedImage image, String format) throws IOException {
    Path file = root.resolve(name);
    Files.createDirectories(file.getParent());
    assertTrue(ImageIO.write(image, format, file.toFile()), "no " + format + " writer");
    return file;
  }

  static BufferedImage solid(int width, int height, int rgb) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        img.setRGB(x, y, rgb);
      }
    }
    return img;
  }

  private static BufferedImage gray(int width, int height, int value) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        img.getRaster().setSample(x, y, 0, value);
      }
    }
    return img;
  }

  private static BufferedImage gray(int width, int height) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        img.getRaster().setSample(x, y, 0, (x * 31 + y * 17) & 0xff);
      }
    }
    return img;
  }

  /** Pixels that differ everywhere, from a fixed generator. */
  static BufferedImage noise(int width, int height) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Random random = new Random(width * 1000L + height);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        img.setRGB(x, y, random.nextInt(1 << 24));
      }
    }
    return img;
  }

  private static String stderrOf(Runnable action) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setErr(original);
    }
    return err.toString(StandardCharsets.UTF_8);
  }

  private static float[] values(ImageDataset data) {
    int[] all = new int[data.size()];
    Arrays.setAll(all, i -> i);
    Map<String, Tensor> batch = data.batch(all, all.length);
    try (TFloat32 t = (TFloat32) batch.get(ImageDataset.IMAGE)) {
      float[] out = new float[(int) t.size()];
      t.asRawTensor().data().asFloats().read(out);
      return out;
    }
  }

  private static void assertOneLine(Exception e) {
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
  }
}
