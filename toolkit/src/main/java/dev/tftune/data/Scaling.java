package dev.tftune.data;

import java.util.Arrays;
import java.util.Locale;

/** How 8-bit pixel values become the floats a model expects. */
public enum Scaling {
  /** {@code v / 255}: values in [0,1]. */
  UNIT("[0,1]"),
  /** {@code v / 127.5 - 1}: values in [-1,1]. */
  SYMMETRIC("[-1,1]"),
  /** Values as they are, in [0,255]. */
  RAW("[0,255]"),
  /**
   * Each image to zero mean and unit variance, as {@code tf.image.per_image_standardization}
   * (the convention of TF's official CIFAR-10 ResNet).
   */
  PER_IMAGE_STANDARDIZATION("per-image-standardization"),
  /**
   * RGB to BGR, then the ImageNet channel means {@code [103.939, 116.779, 123.68]} (B, G, R)
   * subtracted, no scaling: Keras' {@code imagenet_utils.preprocess_input(mode='caffe')}, the
   * input of Keras' ResNet50 and VGG. RGB images only.
   */
  CAFFE("caffe"),
  /**
   * {@code v / 255}, then per RGB channel minus {@code [0.485, 0.456, 0.406]} and divided by
   * {@code [0.229, 0.224, 0.225]}: Keras' {@code preprocess_input(mode='torch')}, the
   * ImageNet normalization of torchvision models (and Keras' DenseNet). RGB images only.
   */
  TORCH("torch");

  /** ImageNet channel means on the 0..255 scale, in BGR order (mode 'caffe'). */
  private static final float[] CAFFE_MEAN_BGR = {103.939f, 116.779f, 123.68f};
  /** ImageNet channel means and standard deviations on the 0..1 scale, RGB (mode 'torch'). */
  private static final float[] TORCH_MEAN = {0.485f, 0.456f, 0.406f};
  private static final float[] TORCH_STD = {0.229f, 0.224f, 0.225f};

  /**
   * The constants of a preset, for code that applies it elsewhere (in a graph): for
   * {@link #CAFFE} the B, G, R means; for {@link #TORCH} the R, G, B means then standard
   * deviations of [0,1] values; empty for the others.
   */
  public float[][] constants() {
    return switch (this) {
      case CAFFE -> new float[][] {CAFFE_MEAN_BGR.clone()};
      case TORCH -> new float[][] {TORCH_MEAN.clone(), TORCH_STD.clone()};
      default -> new float[0][];
    };
  }

  private final String label;

  Scaling(String label) {
    this.label = label;
  }

  /** The name users type and logs show. */
  public String label() {
    return label;
  }

  /**
   * Parses {@code [0,1]}, {@code [-1,1]}, {@code [0,255]}, {@code per-image-standardization},
   * {@code caffe}, {@code torch}, or the constant names ({@code unit}, {@code symmetric},
   * {@code raw}).
   */
  public static Scaling parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    for (Scaling s : values()) {
      if (s.label.equals(t) || s.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(t)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown scaling '" + text + "': use one of "
        + Arrays.stream(values()).map(Scaling::label).toList());
  }

  /** Whether the scaling works per RGB channel, so it needs 3-channel images. */
  public boolean needsRgb() {
    return this == CAFFE || this == TORCH;
  }

  /**
   * @throws DataException when the scaling does not apply to images of that many channels
   */
  void requireChannels(int channels) {
    if (needsRgb() && channels != 3) {
      throw new DataException("the " + label + " scaling needs RGB images but the model input"
          + " has " + channels + " channel" + (channels == 1 ? "" : "s"),
          "use a 3-channel model input, or a scaling that works on any channels: [0,1], "
              + "[-1,1], [0,255] or per-image-standardization");
    }
  }

  /**
   * Scales one image in place; {@code pixels} hold values in [0,255], channels last.
   *
   * @param channels the channels of each pixel; 3 (RGB) for {@link #CAFFE} and {@link #TORCH}
   */
  void apply(float[] pixels, int offset, int length, int channels) {
    requireChannels(channels);
    switch (this) {
      case UNIT -> scale(pixels, offset, length, 1 / 255f, 0);
      case SYMMETRIC -> scale(pixels, offset, length, 1 / 127.5f, -1);
      case RAW -> { }
      case PER_IMAGE_STANDARDIZATION -> {
        double sum = 0;
        double sq = 0;
        for (int i = offset; i < offset + length; i++) {
          sum += pixels[i];
          sq += (double) pixels[i] * pixels[i];
        }
        double mean = sum / length;
        double std = Math.sqrt(Math.max(sq / length - mean * mean, 0));
        double adjusted = Math.max(std, 1 / Math.sqrt(length));
        scale(pixels, offset, length, (float) (1 / adjusted), (float) (-mean / adjusted));
      }
      case CAFFE -> {
        for (int i = offset; i < offset + length; i += 3) {
          float r = pixels[i];
          pixels[i] = pixels[i + 2] - CAFFE_MEAN_BGR[0];
          pixels[i + 1] -= CAFFE_MEAN_BGR[1];
          pixels[i + 2] = r - CAFFE_MEAN_BGR[2];
        }
      }
      case TORCH -> {
        for (int i = offset; i < offset + length; i += 3) {
          for (int ch = 0; ch < 3; ch++) {
            // the order of Keras' operations (divide, subtract, divide), for the same floats
            pixels[i + ch] = (pixels[i + ch] / 255f - TORCH_MEAN[ch]) / TORCH_STD[ch];
          }
        }
      }
    }
  }

  private static void scale(float[] v, int offset, int length, float mul, float add) {
    for (int i = offset; i < offset + length; i++) {
      v[i] = v[i] * mul + add;
    }
  }
}
