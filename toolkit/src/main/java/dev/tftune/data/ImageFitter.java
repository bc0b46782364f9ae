package dev.tftune.data;

import java.util.Arrays;

/**
 * Fits decoded images to a model's input: bilinear resize (half-pixel centers, as TF2's
 * {@code tf.image.resize}), grayscale repeated to 3 channels or RGB averaged to 1, and the
 * chosen value {@link Scaling}.
 */
public final class ImageFitter {
  private ImageFitter() {}

  /**
   * @param inputShape [height, width, channels] the model takes
   */
  public static ImageDataset fit(RawImages images, long[] inputShape, Scaling scaling) {
    if (inputShape.length != 3 || Arrays.stream(inputShape).anyMatch(d -> d <= 0)) {
      throw new DataException("the model input shape " + Arrays.toString(inputShape)
          + " is not [height, width, channels]",
          "choose a model input that takes images, channels last");
    }
    int h = (int) inputShape[0];
    int w = (int) inputShape[1];
    int c = (int) inputShape[2];
    if (c != 1 && c != 3 || images.channels() != 1 && images.channels() != 3) {
      throw new DataException("cannot fit " + images.channels() + "-channel images to a "
          + c + "-channel input", "use a model that takes 1 or 3 channels");
    }
    int size = h * w * c;
    float[] out = new float[Math.multiplyExact(size, images.count())];
    float[] plane = new float[h * w * images.channels()];
    for (int n = 0; n < images.count(); n++) {
      resize(images, n, h, w, plane);
      int base = n * size;
      for (int p = 0; p < h * w; p++) {
        for (int ch = 0; ch < c; ch++) {
          out[base + p * c + ch] = channel(plane, p, images.channels(), ch, c);
        }
      }
      scaling.apply(out, base, size);
    }
    return new ImageDataset(out, inputShape, images.labels(), images.classNames());
  }

  private static float channel(float[] plane, int p, int srcChannels, int ch, int dstChannels) {
    if (srcChannels == dstChannels) {
      return plane[p * srcChannels + ch];
    }
    if (srcChannels == 1) {
      return plane[p];
    }
    return (plane[p * 3] + plane[p * 3 + 1] + plane[p * 3 + 2]) / 3f;
  }

  private static void resize(RawImages img, int n, int h, int w, float[] out) {
    int c = img.channels();
    if (h == img.height() && w == img.width()) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          for (int ch = 0; ch < c; ch++) {
            out[(y * w + x) * c + ch] = img.pixel(n, y, x, ch);
          }
        }
      }
      return;
    }
    float sy = (float) img.height() / h;
    float sx = (float) img.width() / w;
    for (int y = 0; y < h; y++) {
      float fy = Math.max((y + 0.5f) * sy - 0.5f, 0);
      int y0 = Math.min((int) fy, img.height() - 1);
      int y1 = Math.min(y0 + 1, img.height() - 1);
      float dy = fy - y0;
      for (int x = 0; x < w; x++) {
        float fx = Math.max((x + 0.5f) * sx - 0.5f, 0);
        int x0 = Math.min((int) fx, img.width() - 1);
        int x1 = Math.min(x0 + 1, img.width() - 1);
        float dx = fx - x0;
        for (int ch = 0; ch < c; ch++) {
          float top = img.pixel(n, y0, x0, ch) * (1 - dx) + img.pixel(n, y0, x1, ch) * dx;
          float bottom = img.pixel(n, y1, x0, ch) * (1 - dx) + img.pixel(n, y1, x1, ch) * dx;
          out[(y * w + x) * c + ch] = top * (1 - dy) + bottom * dy;
        }
      }
    }
  }
}
