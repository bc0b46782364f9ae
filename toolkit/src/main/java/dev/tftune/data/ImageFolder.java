package dev.tftune.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The images read from a folder-per-class tree by {@link ImageFolders}: decoded and resized
 * images with their labels, the file of each, and the files that were skipped and why.
 * Immutable.
 */
public final class ImageFolder {
  private final Path root;
  private final RawImages images;
  private final List<Path> files;
  private final int[] classCounts;
  private final List<Skipped> skipped;

  /** A file that was not read, and why, in one line. */
  public record Skipped(Path file, String reason) {
    @Override
    public String toString() {
      return file + ": " + reason;
    }
  }

  ImageFolder(Path root, RawImages images, List<Path> files, List<Skipped> skipped) {
    if (files.size() != images.count()) {
      throw new IllegalArgumentException(files.size() + " files for " + images.count()
          + " images");
    }
    this.root = root;
    this.images = images;
    this.files = List.copyOf(files);
    this.skipped = List.copyOf(skipped);
    this.classCounts = new int[images.classNames().size()];
    for (int label : images.labels()) {
      classCounts[label]++;
    }
  }

  /** The folder that was read. */
  public Path root() {
    return root;
  }

  /**
   * The images, in class order then file name order, at the size and channels asked for, with
   * 8-bit values; fit them to a model with {@link ImageFitter#fit}.
   */
  public RawImages images() {
    return images;
  }

  /** The class folder names, sorted; a class's id is its position. Empty folders included. */
  public List<String> classNames() {
    return images.classNames();
  }

  /** How many images each class has, by class id; 0 for an empty class folder. */
  public int[] classCounts() {
    return classCounts.clone();
  }

  /** The file each image was read from, in the order of {@link #images()}. */
  public List<Path> files() {
    return files;
  }

  /** Files that are not images or could not be decoded, in the order they were found. */
  public List<Skipped> skipped() {
    return skipped;
  }

  /** The class folders holding no readable image, in class order. */
  public List<String> emptyClasses() {
    List<String> empty = new ArrayList<>();
    for (int c = 0; c < classCounts.length; c++) {
      if (classCounts[c] == 0) {
        empty.add(classNames().get(c));
      }
    }
    return empty;
  }
}
