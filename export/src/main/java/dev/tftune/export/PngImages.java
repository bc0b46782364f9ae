package dev.tftune.export;

import dev.tftune.data.RawImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Images as PNG files (lossless, so decoding gives back the same pixels). */
final class PngImages {
  private PngImages() {}

  /** One image of a set as a PNG file: gray for one channel, RGB for three. */
  static byte[] encode(RawImages images, int index) {
    int h = images.height();
    int w = images.width();
    boolean gray = images.channels() == 1;
    BufferedImage img = new BufferedImage(w, h,
        gray ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (gray) {
          img.getRaster().setSample(x, y, 0, images.pixel(index, y, x, 0));
        } else {
          img.setRGB(x, y, images.pixel(index, y, x, 0) << 16 | images.pixel(index, y, x, 1) << 8
              | images.pixel(index, y, x, 2));
        }
      }
    }
    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      ImageIO.write(img, "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode an image as PNG", e);
    }
  }
}
