package dev.tftune.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/** Fitting decoded 8-bit images to a model's input: channels, bilinear size and scaling. */
class ImageFitterTest {

  @Test
  void grayscaleToThreeChannelsRepeatsTheValue() {
    RawImages gray = images(2, 2, 1, 0, 50, 100, 250);

    float[] out = values(ImageFitter.fit(gray, new long[] {2, 2, 3}, Scaling.RAW));

    assertArrayEquals(new float[] {0, 0, 0, 50, 50, 50, 100, 100, 100, 250, 250, 250}, out);
  }

  @Test
  void rgbToOneChannelAveragesTheChannels() {
    RawImages rgb = images(1, 2, 3, 0, 30, 60, 255, 255, 0);

    float[] out = values(ImageFitter.fit(rgb, new long[] {1, 2, 1}, Scaling.RAW));

    assertArrayEquals(new float[] {30, 170}, out, 1e-4f);
  }

  @Test
  void identitySizeKeepsEveryPixel() {
    RawImages rgb = images(2, 3, 3, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17,
        18);

    float[] out = values(ImageFitter.fit(rgb, new long[] {2, 3, 3}, Scaling.RAW));

    float[] expected = new float[18];
    for (int i = 0; i < 18; i++) {
      expected[i] = i + 1;
    }
    assertArrayEquals(expected, out);
  }

  @Test
  void upscaleIsBilinearWithHalfPixelCenters() {
    // [[0, 100], [200, 40]] sampled at source coordinates 0, 0.25, 0.75 and 1 on each axis
    // (output pixel centers (i + 0.5) / 2 - 0.5, clamped to the image)
    RawImages img = images(2, 2, 1, 0, 100, 200, 40);

    float[] out = values(ImageFitter.fit(img, new long[] {4, 4, 1}, Scaling.RAW));

    assertArrayEquals(new float[] {
        0, 25, 75, 100,
        50, 58.75f, 76.25f, 85,
        150, 126.25f, 78.75f, 55,
        200, 160, 80, 40}, out, 1e-4f);
  }

  @Test
  void inputWithoutAChannelAxisTakesRgbImagesAsOneGrayChannel() {
    RawImages rgb = new RawImages(1, 1, 2, 3, new byte[] {30, 60, 90, 0, 0, (byte) 255},
        new int[] {0}, List.of("a"));

    ImageDataset data = ImageFitter.fit(rgb, new long[] {1, 2}, Scaling.RAW);

    assertArrayEquals(new long[] {1, 2}, data.imageShape());
    try (TFloat32 t = (TFloat32) data.batch(new int[] {0}, 1).get(ImageDataset.IMAGE)) {
      assertEquals(Shape.of(1, 1, 2), t.shape());
      assertEquals(60f, t.getFloat(0, 0, 0), 1e-4f);
      assertEquals(85f, t.getFloat(0, 0, 1), 1e-4f);
    }
  }

  @Test
  void fittedDatasetKeepsLabelsClassNamesAndInputShape() {
    RawImages img = new RawImages(2, 1, 1, 1, new byte[] {1, 2}, new int[] {1, 0},
        List.of("a", "b"));

    ImageDataset data = ImageFitter.fit(img, new long[] {3, 3, 3}, Scaling.UNIT);

    assertEquals(2, data.size());
    assertEquals(1, data.label(0));
    assertEquals(0, data.label(1));
    assertEquals(List.of("a", "b"), data.classNames());
    assertArrayEquals(new long[] {3, 3, 3}, data.imageShape());
  }

  @Test
  void unitScalingMapsZeroTo255OntoZeroToOne() {
    float[] out = values(ImageFitter.fit(images(1, 3, 1, 0, 51, 255), new long[] {1, 3, 1},
        Scaling.UNIT));

    assertArrayEquals(new float[] {0f, 0.2f, 1f}, out, 1e-6f);
  }

  @Test
  void symmetricScalingMapsZeroTo255OntoMinusOneToOne() {
    float[] out = values(ImageFitter.fit(images(1, 3, 1, 0, 51, 255), new long[] {1, 3, 1},
        Scaling.SYMMETRIC));

    assertArrayEquals(new float[] {-1f, -0.6f, 1f}, out, 1e-6f);
  }

  @Test
  void rawScalingKeepsTheByteValues() {
    float[] out = values(ImageFitter.fit(images(1, 3, 1, 0, 51, 255), new long[] {1, 3, 1},
        Scaling.RAW));

    assertArrayEquals(new float[] {0f, 51f, 255f}, out);
  }

  @Test
  void perImageStandardizationGivesEachImageMeanZeroAndStdOne() {
    RawImages two = images(2, 2, 1, 0, 10, 20, 90, 200, 201, 250, 255);

    float[] out = values(ImageFitter.fit(two, new long[] {2, 2, 1},
        Scaling.PER_IMAGE_STANDARDIZATION));

    for (int image = 0; image < 2; image++) {
      double sum = 0;
      double sq = 0;
      for (int i = 0; i < 4; i++) {
        sum += out[image * 4 + i];
        sq += (double) out[image * 4 + i] * out[image * 4 + i];
      }
      double mean = sum / 4;
      assertEquals(0, mean, 1e-5, "mean of image " + image);
      assertEquals(1, Math.sqrt(sq / 4 - mean * mean), 1e-5, "std of image " + image);
    }
  }

  @Test
  void perImageStandardizationOfAUniformImageIsZeros() {
    float[] out = values(ImageFitter.fit(images(2, 2, 1, 9, 9, 9, 9), new long[] {2, 2, 1},
        Scaling.PER_IMAGE_STANDARDIZATION));

    assertArrayEquals(new float[4], out);
  }

  @Test
  void caffeScalingTurnsRgbIntoBgrMinusTheImageNetMeans() {
    float[] out = values(ImageFitter.fit(images(1, 1, 3, 10, 20, 30), new long[] {1, 1, 3},
        Scaling.CAFFE));

    assertArrayEquals(new float[] {30 - 103.939f, 20 - 116.779f, 10 - 123.68f}, out, 1e-4f);
  }

  @Test
  void torchScalingNormalizesEachRgbChannelWithTheImageNetStatistics() {
    float[] out = values(ImageFitter.fit(images(1, 1, 3, 255, 0, 51), new long[] {1, 1, 3},
        Scaling.TORCH));

    assertArrayEquals(new float[] {(1 - 0.485f) / 0.229f, (0 - 0.456f) / 0.224f,
        (0.2f - 0.406f) / 0.225f}, out, 1e-5f);
  }

  @Test
  void torchScalingAppliesToEveryPixelOfEveryImage() {
    RawImages two = images(1, 2, 3, 255, 255, 255, 0, 0, 0, 0, 0, 0, 255, 255, 255);

    float[] out = values(ImageFitter.fit(two, new long[] {1, 2, 3}, Scaling.TORCH));

    assertEquals((1 - 0.406f) / 0.225f, out[11], 1e-5f);
    assertEquals((0 - 0.485f) / 0.229f, out[6], 1e-5f);
  }

  @Test
  void grayImagesFittedToAnRgbInputTakeTheCaffeMeans() {
    float[] out = values(ImageFitter.fit(images(1, 1, 1, 100), new long[] {1, 1, 3},
        Scaling.CAFFE));

    assertArrayEquals(new float[] {100 - 103.939f, 100 - 116.779f, 100 - 123.68f}, out, 1e-4f);
  }

  @Test
  void caffeScalingOfAOneChannelInputFailsAskingForRgb() {
    DataException e = assertThrows(DataException.class, () -> ImageFitter.fit(
        images(1, 1, 3, 1, 2, 3), new long[] {1, 1, 1}, Scaling.CAFFE));

    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    assertTrue(e.getMessage().contains("the caffe scaling needs RGB images but the model input"
        + " has 1 channel"), e.getMessage());
    assertTrue(e.getMessage().contains("fix: use a 3-channel model input"), e.getMessage());
  }

  @Test
  void torchScalingOfAOneChannelInputFails() {
    assertThrows(DataException.class, () -> ImageFitter.fit(images(1, 1, 1, 0),
        new long[] {1, 1, 1}, Scaling.TORCH));
  }

  @Test
  void onlyTheImageNetPresetsNeedRgb() {
    for (Scaling s : Scaling.values()) {
      assertEquals(s == Scaling.CAFFE || s == Scaling.TORCH, s.needsRgb(), s.label());
    }
  }

  @Test
  void scalingParsesThePresetNames() {
    assertEquals(Scaling.CAFFE, Scaling.parse("caffe"));
    assertEquals(Scaling.TORCH, Scaling.parse(" Torch "));
  }

  @Test
  void scalingParsesTheRangesUsersType() {
    assertEquals(Scaling.UNIT, Scaling.parse("[0,1]"));
    assertEquals(Scaling.SYMMETRIC, Scaling.parse("[-1,1]"));
    assertEquals(Scaling.RAW, Scaling.parse("[0,255]"));
    assertEquals(Scaling.PER_IMAGE_STANDARDIZATION, Scaling.parse("per-image-standardization"));
  }

  @Test
  void scalingParsesConstantNamesIgnoringCaseAndSpaces() {
    assertEquals(Scaling.UNIT, Scaling.parse(" Unit "));
    assertEquals(Scaling.SYMMETRIC, Scaling.parse("symmetric"));
  }

  @Test
  void unknownScalingIsRejectedListingTheChoices() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Scaling.parse("[0,2]"));

    assertTrue(e.getMessage().contains("[-1,1]"), e.getMessage());
    assertTrue(e.getMessage().contains("per-image-standardization"), e.getMessage());
    assertTrue(e.getMessage().contains("caffe"), e.getMessage());
    assertTrue(e.getMessage().contains("torch"), e.getMessage());
  }

  @Test
  void inputShapeThatIsNeitherHeightWidthChannelsNorHeightWidthFails() {
    DataException e = assertThrows(DataException.class,
        () -> ImageFitter.fit(images(1, 1, 1, 0), new long[] {4, 4, 1, 1}, Scaling.RAW));

    assertTrue(e.getMessage().contains("[height, width]"), e.getMessage());
  }

  @Test
  void inputWithTwoChannelsFails() {
    assertThrows(DataException.class,
        () -> ImageFitter.fit(images(1, 1, 1, 0), new long[] {1, 1, 2}, Scaling.RAW));
  }

  @Test
  void imagesTooManyForOneArrayFailWithAFixInsteadOfOverflowing() {
    DataException e = assertThrows(DataException.class, () -> ImageFitter.fit(
        images(1, 1, 1, 0), new long[] {50000, 50000, 1}, Scaling.RAW));

    assertTrue(e.getMessage().contains("1 images of 50000x50000x1 are more than one array"
        + " holds (at most 0 of that size)"), e.getMessage());
    assertTrue(e.getMessage().contains("fix:"), e.getMessage());
  }

  /** One image of the given size and pixel values, labelled 0. */
  private static RawImages images(int height, int width, int channels, int... pixels) {
    int count = pixels.length / (height * width * channels);
    byte[] bytes = new byte[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      bytes[i] = (byte) pixels[i];
    }
    return new RawImages(count, height, width, channels, bytes, new int[count],
        List.of("only"));
  }

  /** Every value of every example, read back through {@link ImageDataset#batch}. */
  private static float[] values(ImageDataset data) {
    int[] indices = new int[data.size()];
    for (int i = 0; i < indices.length; i++) {
      indices[i] = i;
    }
    Map<String, Tensor> batch = data.batch(indices, indices.length);
    try (TFloat32 t = (TFloat32) batch.get(ImageDataset.IMAGE)) {
      long[] shape = data.imageShape();
      assertEquals(Shape.of(indices.length, shape[0], shape[1], shape[2]), t.shape());
      float[] out = new float[(int) t.size()];
      t.asRawTensor().data().asFloats().read(out);
      return out;
    }
  }
}
