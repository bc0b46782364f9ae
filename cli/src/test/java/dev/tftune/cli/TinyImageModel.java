package dev.tftune.cli;

import dev.tftune.testing.TinyModels;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import java.util.Random;

/** The tiny image model tests train, and pictures it can tell apart by colour. */
final class TinyImageModel {
  static final int SIZE = 12;

  private TinyImageModel() {}

  static Path write(Path dir) {
    return TinyModels.writeImage(dir, SIZE);
  }

  /** A noisy picture whose dominant colour channel (0 red, 1 green, 2 blue) is its class. */
  static BufferedImage picture(int dominant, int size, long seed) {
    Random random = new Random(seed);
    BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        int[] rgb = {random.nextInt(90), random.nextInt(90), random.nextInt(90)};
        rgb[dominant] += 160;
        img.setRGB(x, y, (rgb[0] << 16) | (rgb[1] << 8) | rgb[2]);
      }
    }
    return img;
  }

  /**
   * A folder of PNG pictures in class folders {@code blue}, {@code green} and {@code red},
   * {@code perClass} each, told apart by their dominant colour.
   */
  static Path pictures(Path root, int perClass) throws IOException {
    String[] classes = {"blue", "green", "red"};
    int[] channel = {2, 1, 0};
    for (int c = 0; c < classes.length; c++) {
      Path dir = Files.createDirectories(root.resolve(classes[c]));
      for (int i = 0; i < perClass; i++) {
        ImageIO.write(picture(channel[c], 16, (long) perClass * c + i), "png",
            dir.resolve("p" + i + ".png").toFile());
      }
    }
    return root;
  }
}
