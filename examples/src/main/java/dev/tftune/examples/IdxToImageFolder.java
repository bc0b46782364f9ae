package dev.tftune.examples;

import dev.tftune.TftuneException;
import dev.tftune.data.IdxFiles;
import dev.tftune.data.RawImages;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Writes the first N images of each class of an IDX file (MNIST, Fashion-MNIST) as PNG files in
 * an image folder, {@code OUT/<label>/<index>.png} (the index in the IDX file, five digits), the
 * layout {@code tftune train --data OUT} reads: a small labelled folder made from a public data
 * set, as a user's own images would be.
 *
 * <pre>
 * java -cp ... dev.tftune.examples.IdxToImageFolder IMAGES PER_CLASS OUT
 * </pre>
 */
public final class IdxToImageFolder {
  private IdxToImageFolder() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: IdxToImageFolder IMAGES PER_CLASS OUT");
      System.exit(2);
    }
    int perClass;
    try {
      perClass = Integer.parseInt(args[1]);
    } catch (NumberFormatException e) {
      System.err.println("error: PER_CLASS '" + args[1] + "' is not a whole number (fix: pass "
          + "how many images of each class to write, such as 100)");
      System.exit(2);
      return;
    }
    Path out = Path.of(args[2]);
    RawImages images;
    try {
      images = IdxFiles.read(Path.of(args[0]), 0);
    } catch (TftuneException e) {
      System.err.println("error: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (images.channels() != 1) {
      // IDX image files hold one channel; anything else is not such a file
      System.err.println("error: " + args[0] + " holds " + images.channels() + "-channel images"
          + " (fix: pass an IDX image file such as train-images-idx3-ubyte.gz)");
      System.exit(2);
    }
    int[] written = new int[images.classNames().size()];
    int classesDone = 0;
    for (int i = 0; i < images.count() && classesDone < written.length; i++) {
      int label = images.labels()[i];
      if (written[label] == perClass) {
        continue;
      }
      BufferedImage img = new BufferedImage(images.width(), images.height(),
          BufferedImage.TYPE_BYTE_GRAY);
      for (int y = 0; y < images.height(); y++) {
        for (int x = 0; x < images.width(); x++) {
          img.getRaster().setSample(x, y, 0, images.pixel(i, y, x, 0));
        }
      }
      Path dir = Files.createDirectories(out.resolve(images.classNames().get(label)));
      ImageIO.write(img, "png", dir.resolve(String.format("%05d.png", i)).toFile());
      if (++written[label] == perClass) {
        classesDone++;
      }
    }
    System.out.printf("wrote %d images per class to %s%n", perClass, out);
  }
}
