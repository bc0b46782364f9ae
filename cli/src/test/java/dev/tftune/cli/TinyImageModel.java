package dev.tftune.cli;

import dev.tftune.testing.TinyModels;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
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
}
