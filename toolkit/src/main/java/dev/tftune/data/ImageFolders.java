package dev.tftune.data;

import dev.tftune.ConfigurationException;
import dev.tftune.data.ImageFolder.Skipped;
import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads labelled images from a folder per class, {@code root/<class>/<image>}: the layout of
 * Keras' {@code image_dataset_from_directory} and of DL4J's {@code ParentPathLabelGenerator}.
 * Immutable; each option returns a new reader.
 *
 * <ul>
 *   <li>Classes are the sub-folders of the root, sorted by name as strings ({@code "10"} comes
 *       before {@code "2"}, as in Keras); a class's id is its position. A class folder without
 *       images keeps its id, as in Keras, and is named in a warning.
 *   <li>Images are the files with one of the {@link #EXTENSIONS} (any case) anywhere inside a
 *       class folder, sub-folders included (as Keras), read in the order of their path inside
 *       the class folder.
 *   <li>Each image is decoded with {@link ImageIO} to RGB (gray repeated, alpha dropped) or to
 *       gray (RGB averaged, as {@link ImageFitter}), then resized with {@link ImageFitter}'s
 *       bilinear half-pixel routine to the size asked for and rounded to 8 bits. Decoding runs
 *       on a pool of threads; the result does not depend on their number.
 *   <li>Files that are not images, hidden files and folders, and images that cannot be decoded
 *       are skipped, listed in {@link ImageFolder#skipped()} and summarised in a logged warning;
 *       reading fails only when no image at all can be read.
 * </ul>
 *
 * <pre>{@code
 * ImageFolder folder = ImageFolders.reader().read(root, new long[] {224, 224, 3});
 * ImageDataset data = ImageFitter.fit(folder.images(), new long[] {224, 224, 3}, Scaling.CAFFE);
 * }</pre>
 */
public final class ImageFolders {
  private static final Logger LOG = LoggerFactory.getLogger(ImageFolders.class);
  /** The file extensions read as images, lower case: those Keras reads. */
  public static final List<String> EXTENSIONS = List.of("bmp", "gif", "jpeg", "jpg", "png");
  /** How many skipped files the warning names before it says "and N more". */
  private static final int FILES_IN_WARNING = 5;

  private final int limitPerClass;
  private final int limit;
  private final int threads;

  private ImageFolders(int limitPerClass, int limit, int threads) {
    this.limitPerClass = limitPerClass;
    this.limit = limit;
    this.threads = threads;
  }

  /**
   * A reader of every image, decoding on as many threads as there are available processors.
   */
  public static ImageFolders reader() {
    return new ImageFolders(0, 0, Runtime.getRuntime().availableProcessors());
  }

  /**
   * Reads at most the first {@code n} images (by path) of each class, for balanced subsets.
   *
   * @param n images per class; 0 or less, the default, reads all
   */
  public ImageFolders limitPerClass(int n) {
    return new ImageFolders(Math.max(n, 0), limit, threads);
  }

  /**
   * Reads at most {@code n} images in all, taken from the classes in turn (the first image of
   * each class, then the second, ...) so that every class is represented; combines with
   * {@link #limitPerClass}. Images that fail to decode are not replaced.
   *
   * @param n images in all; 0 or less, the default, reads all
   */
  public ImageFolders limit(int n) {
    return new ImageFolders(limitPerClass, Math.max(n, 0), threads);
  }

  /**
   * The number of decoding threads; default the number of available processors.
   *
   * @param n at least 1; 1 decodes on the calling thread
   */
  public ImageFolders threads(int n) {
    if (n < 1) {
      throw new ConfigurationException(n + " decoding threads", "use at least 1 thread");
    }
    return new ImageFolders(limitPerClass, limit, n);
  }

  /**
   * Reads the images at the size and channels of a model input.
   *
   * @param inputShape [height, width, channels] with 1 or 3 channels
   * @see #read(Path, int, int, int)
   */
  public ImageFolder read(Path root, long[] inputShape) {
    // 3 source channels convert to any target, so this checks only the model's side
    int[] hwc = ImageFitter.checkShape(inputShape, 3);
    return read(root, hwc[0], hwc[1], hwc[2]);
  }

  /**
   * Reads, decodes and resizes the images of a folder per class.
   *
   * @param root the folder holding one sub-folder per class
   * @param height the height of the images read
   * @param width their width
   * @param channels 3 for RGB, 1 for gray
   * @throws DataException when the root is missing, has no class folder, or no image can be
   *     read
   */
  public ImageFolder read(Path root, int height, int width, int channels) {
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException("image size must be positive: " + height + "x" + width);
    }
    if (channels != 1 && channels != 3) {
      throw new DataException("cannot read images with " + channels + " channels",
          "use a model that takes 1 or 3 channels");
    }
    long start = System.nanoTime();
    List<Skipped> skipped = new ArrayList<>();
    List<Path> classDirs = classFolders(root, skipped);
    List<String> classNames = classDirs.stream().map(d -> d.getFileName().toString()).toList();
    List<List<Path>> perClass = new ArrayList<>();
    for (Path dir : classDirs) {
      perClass.add(imageFiles(dir, skipped));
    }
    int[] quota = quotas(perClass);
    List<Path> files = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (int c = 0; c < perClass.size(); c++) {
      for (Path file : perClass.get(c).subList(0, quota[c])) {
        files.add(file);
        labels.add(c);
      }
    }

    int size = height * width * channels;
    byte[] pixels = new byte[ImageFitter.arrayLength(files.size(), height, width, channels,
        "read fewer images (limit or limitPerClass), or at a smaller size")];
    String[] failures = ImageFiles.decodeAll(root, files, height, width, channels, threads, pixels);

    // failed images leave holes: move the next ones down, in order
    int kept = 0;
    int[] keptLabels = new int[files.size()];
    List<Path> keptFiles = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      if (failures[i] != null) {
        skipped.add(new Skipped(files.get(i), failures[i]));
        continue;
      }
      if (kept != i) {
        System.arraycopy(pixels, i * size, pixels, kept * size, size);
      }
      keptLabels[kept] = labels.get(i);
      keptFiles.add(files.get(i));
      kept++;
    }
    skipped.sort(Comparator.comparing(s -> s.file().toString()));
    if (kept == 0) {
      throw new DataException("no images in the class folders of " + root + describe(skipped),
          "put " + String.join(", ", EXTENSIONS) + " files in " + root.resolve("<class>"));
    }
    RawImages images = new RawImages(kept, height, width, channels,
        kept == files.size() ? pixels : Arrays.copyOf(pixels, kept * size),
        Arrays.copyOf(keptLabels, kept), classNames);
    ImageFolder folder = new ImageFolder(root, images, keptFiles, skipped);
    log(folder, (System.nanoTime() - start) / 1e9);
    return folder;
  }

  /** The class folders of the root, sorted by name; other entries are reported as skipped. */
  private static List<Path> classFolders(Path root, List<Skipped> skipped) {
    String fix = "pass a folder with one sub-folder of images per class, such as "
        + root.resolve("cat").resolve("1.jpg");
    if (!Files.exists(root)) {
      throw new DataException("image folder " + root + " does not exist", fix);
    }
    if (!Files.isDirectory(root)) {
      throw new DataException(root + " is not a folder", fix);
    }
    List<Path> entries;
    try (Stream<Path> list = Files.list(root)) {
      entries = list.sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
    } catch (IOException e) {
      throw new DataException("cannot list " + root + ": " + ImageFiles.oneLine(e),
          "check that the folder is readable", e);
    }
    List<Path> classes = new ArrayList<>();
    int loose = 0;
    for (Path entry : entries) {
      if (isHidden(entry)) {
        skipped.add(new Skipped(entry, "hidden, not read"));
      } else if (Files.isDirectory(entry)) {
        classes.add(entry);
      } else {
        skipped.add(new Skipped(entry, "not in a class folder"));
        loose++;
      }
    }
    if (classes.isEmpty()) {
      throw new DataException(root + " has no class folders"
          + (loose > 0 ? " (it holds " + loose + " files directly)" : ""),
          "put the images in one sub-folder per class: " + root.resolve("<class>")
              + "/*.jpg");
    }
    return classes;
  }

  /** The images of one class folder, sorted by their path inside it; the rest is skipped. */
  private static List<Path> imageFiles(Path classDir, List<Skipped> skipped) {
    List<Path> images = new ArrayList<>();
    try {
      // links are followed, so a class may be a link to a folder of images elsewhere; a link
      // cycle comes to visitFileFailed, like any unreadable entry
      Files.walkFileTree(classDir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              if (!dir.equals(classDir) && isHidden(dir)) {
                skipped.add(new Skipped(dir, "hidden, not read"));
                return FileVisitResult.SKIP_SUBTREE;
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              if (isHidden(file)) {
                skipped.add(new Skipped(file, "hidden, not read"));
              } else if (!attrs.isRegularFile()) {
                skipped.add(new Skipped(file, "not a regular file"));
              } else if (!EXTENSIONS.contains(extension(file))) {
                skipped.add(new Skipped(file, "not an image file (the extension is not one of "
                    + EXTENSIONS + ")"));
              } else {
                images.add(file);
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              skipped.add(new Skipped(file, "cannot be read: " + ImageFiles.oneLine(e)));
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      // the visitor handles every failure itself; this is for the unexpected
      skipped.add(new Skipped(classDir, "cannot be read: " + ImageFiles.oneLine(e)));
    }
    // the walk's order is the file system's: sort for the same order everywhere
    images.sort(Comparator.comparing(f -> classDir.relativize(f).toString()));
    return images;
  }

  /** How many of each class's images to read, under both limits. */
  private int[] quotas(List<List<Path>> perClass) {
    int[] available = new int[perClass.size()];
    for (int c = 0; c < available.length; c++) {
      int n = perClass.get(c).size();
      available[c] = limitPerClass > 0 ? Math.min(n, limitPerClass) : n;
    }
    if (limit <= 0) {
      return available;
    }
    int[] quota = new int[available.length];
    int left = limit;
    boolean added = true;
    while (left > 0 && added) {
      added = false;
      for (int c = 0; c < quota.length && left > 0; c++) {
        if (quota[c] < available[c]) {
          quota[c]++;
          left--;
          added = true;
        }
      }
    }
    return quota;
  }

  /**
   * Decodes every file into its slot of {@code pixels}.
   *
   * @return per file, null when decoded, else why not
   */
  /**
   * Decodes image files given one by one (for prediction), in order, resized like
   * {@link #read}; every label is 0.
   *
   * @param inputShape [height, width, channels], or [height, width] for one channel
   * @throws DataException naming the first file that cannot be decoded
   */
  public RawImages readFiles(List<Path> files, long[] inputShape, List<String> classNames) {
    int[] hwc = ImageFitter.checkShape(inputShape, 3);
    int height = hwc[0];
    int width = hwc[1];
    int channels = hwc[2];
    byte[] pixels = new byte[ImageFitter.arrayLength(files.size(), height, width, channels,
        "predict fewer images at once")];
    String[] failures = ImageFiles.decodeAll(null, files, height, width, channels, threads, pixels);
    for (int i = 0; i < files.size(); i++) {
      if (failures[i] != null) {
        throw new DataException("cannot read " + files.get(i) + ": " + failures[i],
            "give a readable " + String.join(", ", EXTENSIONS) + " file");
      }
    }
    return new RawImages(files.size(), height, width, channels, pixels, new int[files.size()],
        classNames);
  }

  private static void log(ImageFolder folder, double seconds) {
    RawImages images = folder.images();
    int[] counts = folder.classCounts();
    StringBuilder perClass = new StringBuilder();
    for (int c = 0; c < counts.length; c++) {
      perClass.append(c == 0 ? "" : ", ").append(folder.classNames().get(c)).append('=')
          .append(counts[c]);
    }
    LOG.info("read {} images of {} classes from {} at {}x{}x{} in {} s ({} images/s): {}",
        images.count(), counts.length, folder.root(), images.height(), images.width(),
        images.channels(), String.format(Locale.ROOT, "%.2f", seconds),
        String.format(Locale.ROOT, "%.0f", images.count() / Math.max(seconds, 1e-9)), perClass);
    List<Skipped> skipped = folder.skipped();
    if (!skipped.isEmpty()) {
      LOG.warn("skipped {} files of {}: {}{}", skipped.size(), folder.root(),
          skipped.stream().limit(FILES_IN_WARNING).map(Skipped::toString)
              .collect(Collectors.joining("; ")),
          skipped.size() > FILES_IN_WARNING
              ? "; and " + (skipped.size() - FILES_IN_WARNING) + " more" : "");
    }
    List<String> empty = folder.emptyClasses();
    if (!empty.isEmpty()) {
      LOG.warn("class folders without images in {}: {} (kept as classes, so class ids follow "
          + "the folder names)", folder.root(), empty);
    }
  }

  private static String describe(List<Skipped> skipped) {
    return skipped.isEmpty() ? "" : " (" + skipped.size() + " files skipped, the first: "
        + skipped.get(0) + ")";
  }

  private static boolean isHidden(Path p) {
    // by name, as on Unix; also catches macOS' ._name.jpg files, which are not images
    return p.getFileName().toString().startsWith(".");
  }

  private static String extension(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }
}
