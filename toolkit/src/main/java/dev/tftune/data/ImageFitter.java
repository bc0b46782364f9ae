package dev.tftune.data;

import java.util.Arrays;

/**
 * Fits decoded images to a model's input: bilinear resize (half-pixel centers, as TF2's
 * {@code tf.image.resize}), grayscale repeated to 3 channels or RGB averaged to 1, and the
 * chosen value {@link Scaling}.
 *
 * <p>The resize and channel routines here are the only ones in the toolkit: {@link ImageFolders}
 * and {@link AugmentedImages} call them too, so images fitted at reading time and images fitted
 * here get the same pixels.
 */
public final class ImageFitter {
  private ImageFitter() {}

  /**
   * @param inputShape [height, width, channels] the model takes, or [height, width] for gray
   *     images without a channel axis (Keras models that start with {@code Flatten})
   * @throws DataException when the shape is not that of an image input, the channels cannot be
   *     converted, or the scaling does not apply to that many channels
   */
  public static ImageDataset fit(RawImages images, long[] inputShape, Scaling scaling) {
    int[] hwc = checkShape(inputShape, images.channels());
    int h = hwc[0];
    int w = hwc[1];
    int c = hwc[2];
    scaling.requireChannels(c);
    int size = h * w * c;
    int srcSize = images.height() * images.width() * images.channels();
    float[] out = new float[arrayLength(images.count(), h, w, c,
        "fit fewer images at once (a limit), or keep them 8-bit in AugmentedImages")];
    float[] plane = new float[h * w * images.channels()];
    for (int n = 0; n < images.count(); n++) {
      resize(images.pixels(), n * srcSize, images.height(), images.width(), images.channels(),
          h, w, plane);
      int base = n * size;
      for (int p = 0; p < h * w; p++) {
        for (int ch = 0; ch < c; ch++) {
          out[base + p * c + ch] = channel(plane, p, images.channels(), ch, c);
        }
      }
      scaling.apply(out, base, size, c);
    }
    return new ImageDataset(out, inputShape, images.labels(), images.classNames(),
        new ImagePreparation(scaling));
  }

  /**
   * The length of one array holding {@code count} images, or a DataException when Java arrays
   * cannot be that long.
   */
  static int arrayLength(int count, int height, int width, int channels, String fix) {
    long size = (long) height * width * channels;
    // the largest array most JVMs allocate
    long max = Integer.MAX_VALUE - 8;
    if (size * count > max) {
      throw new DataException(count + " images of " + height + "x" + width + "x" + channels
          + " are more than one array holds (at most " + max / size + " of that size)", fix);
    }
    return (int) (size * count);
  }

  /**
   * Checks a model input shape against images of {@code srcChannels} channels.
   *
   * @param inputShape [height, width, channels], or [height, width]: one channel
   * @return {height, width, channels}
   */
  static int[] checkShape(long[] inputShape, int srcChannels) {
    if (inputShape.length != 3 && inputShape.length != 2
        || Arrays.stream(inputShape).anyMatch(d -> d <= 0)) {
      throw new DataException("the model input shape " + Arrays.toString(inputShape)
          + " is not [height, width, channels] or [height, width]",
          "choose a model input that takes images, channels last");
    }
    int c = inputShape.length == 2 ? 1 : (int) inputShape[2];
    if (c != 1 && c != 3 || srcChannels != 1 && srcChannels != 3) {
      throw new DataException("cannot fit " + srcChannels + "-channel images to a "
          + c + "-channel input", "use a model that takes 1 or 3 channels");
    }
    return new int[] {(int) inputShape[0], (int) inputShape[1], c};
  }

  /**
   * The same images at another size and channel count, still 8-bit: values are rounded to the
   * nearest integer after the bilinear resize. The images themselves when nothing changes.
   */
  static RawImages resized(RawImages images, int height, int width, int channels) {
    if (images.height() == height && images.width() == width
        && images.channels() == channels) {
      return images;
    }
    int srcSize = images.height() * images.width() * images.channels();
    int size = height * width * channels;
    byte[] out = new byte[arrayLength(images.count(), height, width, channels,
        "use fewer images (a limit), or a model with a smaller input")];
    float[] plane = new float[height * width * images.channels()];
    for (int n = 0; n < images.count(); n++) {
      fitToBytes(images.pixels(), n * srcSize, images.height(), images.width(),
          images.channels(), height, width, channels, plane, out, n * size);
    }
    return new RawImages(images.count(), height, width, channels, out, images.labels(),
        images.classNames());
  }

  /**
   * Resizes one 8-bit image and converts its channels, writing 8-bit values rounded to the
   * nearest integer.
   *
   * @param plane scratch space of at least {@code height * width * srcChannels} floats
   */
  static void fitToBytes(byte[] src, int srcOffset, int srcHeight, int srcWidth,
      int srcChannels, int height, int width, int channels, float[] plane, byte[] dst,
      int dstOffset) {
    resize(src, srcOffset, srcHeight, srcWidth, srcChannels, height, width, plane);
    for (int p = 0; p < height * width; p++) {
      for (int ch = 0; ch < channels; ch++) {
        // bilinear weights and the channel mean are convex combinations of 0..255 values,
        // so the rounded value is a valid byte without clamping
        dst[dstOffset + p * channels + ch] =
            (byte) Math.round(channel(plane, p, srcChannels, ch, channels));
      }
    }
  }

  /** Channel {@code ch} of pixel {@code p} of a resized plane, converted to dstChannels. */
  static float channel(float[] plane, int p, int srcChannels, int ch, int dstChannels) {
    if (srcChannels == dstChannels) {
      return plane[p * srcChannels + ch];
    }
    if (srcChannels == 1) {
      return plane[p];
    }
    return (plane[p * 3] + plane[p * 3 + 1] + plane[p * 3 + 2]) / 3f;
  }

  /**
   * Bilinear resize with half-pixel centers and no antialiasing, as {@code tf.image.resize}
   * (and so Keras' {@code image_dataset_from_directory}) does by default: output pixel
   * {@code i} samples source coordinate {@code (i + 0.5) * in / out - 0.5}, clamped to the image.
   *
   * @param src 8-bit values, channels last; the image starts at {@code offset}
   * @param out {@code height * width * channels} values in [0,255], channels last
   */
  static void resize(byte[] src, int offset, int srcHeight, int srcWidth, int channels,
      int height, int width, float[] out) {
    int c = channels;
    if (height == srcHeight && width == srcWidth) {
      for (int i = 0; i < height * width * c; i++) {
        out[i] = src[offset + i] & 0xff;
      }
      return;
    }
    // the column taps and weights are the same for every row: computed once
    int[] left = new int[width];
    int[] right = new int[width];
    float[] wx = new float[width];
    float sx = (float) srcWidth / width;
    for (int x = 0; x < width; x++) {
      float fx = Math.max((x + 0.5f) * sx - 0.5f, 0);
      int x0 = Math.min((int) fx, srcWidth - 1);
      left[x] = x0 * c;
      right[x] = Math.min(x0 + 1, srcWidth - 1) * c;
      wx[x] = fx - x0;
    }
    float sy = (float) srcHeight / height;
    int stride = srcWidth * c;
    for (int y = 0; y < height; y++) {
      float fy = Math.max((y + 0.5f) * sy - 0.5f, 0);
      int y0 = Math.min((int) fy, srcHeight - 1);
      int row0 = offset + y0 * stride;
      int row1 = offset + Math.min(y0 + 1, srcHeight - 1) * stride;
      float dy = fy - y0;
      int o = y * width * c;
      for (int x = 0; x < width; x++) {
        float dx = wx[x];
        for (int ch = 0; ch < c; ch++) {
          float top = (src[row0 + left[x] + ch] & 0xff) * (1 - dx)
              + (src[row0 + right[x] + ch] & 0xff) * dx;
          float bottom = (src[row1 + left[x] + ch] & 0xff) * (1 - dx)
              + (src[row1 + right[x] + ch] & 0xff) * dx;
          out[o++] = top * (1 - dy) + bottom * dy;
        }
      }
    }
  }
}
