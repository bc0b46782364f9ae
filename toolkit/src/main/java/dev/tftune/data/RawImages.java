package dev.tftune.data;

import java.util.List;

/**
 * Decoded 8-bit images of one size, channels last, with their labels.
 *
 * @param pixels {@code count * height * width * channels} values, image after image
 */
public record RawImages(int count, int height, int width, int channels, byte[] pixels,
    int[] labels, List<String> classNames) {

  public RawImages {
    if ((long) count * height * width * channels != pixels.length || labels.length != count) {
      throw new IllegalArgumentException("pixel or label count does not match " + count
          + " images of " + height + "x" + width + "x" + channels);
    }
    classNames = List.copyOf(classNames);
  }

  /** The value of one pixel channel, 0..255. */
  public int pixel(int image, int y, int x, int c) {
    return pixels[((image * height + y) * width + x) * channels + c] & 0xff;
  }
}
