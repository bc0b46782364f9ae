package dev.tftune.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/** Training images changed at random at batch time: flips, shifts, brightness, seeds. */
class AugmentedImagesTest {
  private static final int H = 5;
  private static final int W = 6;
  private static final int C = 3;
  /** Versions drawn per property test: enough to see every kind of draw. */
  private static final int DRAWS = 60;

  @Test
  void withoutAugmentationBatchesAreThoseOfImageFitter() {
    RawImages raw = randomImages(3, H, W, C, 1);
    long[] input = {H, W, C};

    float[] augmented = values(new AugmentedImages(raw, input, Scaling.SYMMETRIC,
        Augmentation.none()), 0, 1, 2);
    float[] fitted = values(ImageFitter.fit(raw, input, Scaling.SYMMETRIC), 0, 1, 2);

    assertArrayEquals(fitted, augmented);
  }

  @Test
  void batchesHaveTheInputShapeAndZeroRowsPastTheExamples() {
    AugmentedImages data = new AugmentedImages(randomImages(2, H, W, C, 2),
        new long[] {H, W, C}, Scaling.RAW, everything(7));

    Map<String, Tensor> batch = data.batch(new int[] {1, 0}, 3);
    try (TFloat32 t = (TFloat32) batch.get(ImageDataset.IMAGE)) {
      assertEquals(Shape.of(3, H, W, C), t.shape());
      float[] v = new float[(int) t.size()];
      t.asRawTensor().data().asFloats().read(v);
      assertArrayEquals(new float[H * W * C], Arrays.copyOfRange(v, 2 * H * W * C, v.length));
    }
    assertEquals(List.of(ImageDataset.IMAGE), data.inputKeys());
  }

  @Test
  void labelsAndClassNamesAreThoseOfTheImages() {
    RawImages raw = new RawImages(2, 1, 1, 1, new byte[] {1, 2}, new int[] {1, 0},
        List.of("a", "b"));

    AugmentedImages data = new AugmentedImages(raw, new long[] {1, 1, 1}, Scaling.RAW,
        everything(1));

    assertEquals(2, data.size());
    assertEquals(1, data.label(0));
    assertEquals(0, data.label(1));
    assertEquals(List.of("a", "b"), data.classNames());
  }

  @Test
  void flipMirrorsTheImageLeftToRightAboutHalfTheTime() {
    RawImages raw = randomImages(1, H, W, C, 3);
    AugmentedImages data = new AugmentedImages(raw, new long[] {H, W, C}, Scaling.RAW,
        Augmentation.none().withHorizontalFlip(true));
    float[] original = image(raw, 0);
    float[] mirrored = mirror(original);

    int flipped = 0;
    for (int d = 0; d < DRAWS; d++) {
      float[] v = values(data, 0);
      assertTrue(Arrays.equals(v, original) || Arrays.equals(v, mirrored), "draw " + d);
      flipped += Arrays.equals(v, mirrored) ? 1 : 0;
    }
    assertTrue(flipped > DRAWS / 4 && flipped < DRAWS * 3 / 4, flipped + " flips");
  }

  @Test
  void padCropShiftsTheImageByAtMostThePaddingFillingWithZeros() {
    int pad = 2;
    RawImages raw = distinctImage();
    AugmentedImages data = new AugmentedImages(raw, new long[] {H, W, 1}, Scaling.RAW,
        Augmentation.none().withPadCrop(pad));
    float[] original = image(raw, 0);

    Set<String> offsets = new HashSet<>();
    for (int d = 0; d < DRAWS; d++) {
      float[] v = values(data, 0);
      int[] offset = findShift(original, v, pad + 2);
      assertNotNull(offset, "draw " + d + " is no shift of the image: " + Arrays.toString(v));
      assertTrue(Math.abs(offset[0]) <= pad && Math.abs(offset[1]) <= pad,
          "offset " + Arrays.toString(offset));
      offsets.add(offset[0] + "," + offset[1]);
    }
    assertTrue(offsets.size() > 10, "offsets seen: " + offsets);
    assertTrue(offsets.contains("-2,-2") || offsets.contains("2,2")
        || offsets.contains("-2,2") || offsets.contains("2,-2"), "corners: " + offsets);
  }

  @Test
  void brightnessAddsOneDeltaPerImageWithinTheBound() {
    float bound = 20;
    byte[] mid = new byte[H * W * C];
    Random random = new Random(4);
    for (int i = 0; i < mid.length; i++) {
      mid[i] = (byte) (100 + random.nextInt(50)); // far from 0 and 255: no clamping
    }
    RawImages raw = new RawImages(1, H, W, C, mid, new int[1], List.of("x"));
    AugmentedImages data = new AugmentedImages(raw, new long[] {H, W, C}, Scaling.RAW,
        Augmentation.none().withBrightness(bound));

    float lowest = Float.MAX_VALUE;
    float highest = -Float.MAX_VALUE;
    for (int d = 0; d < DRAWS; d++) {
      float[] v = values(data, 0);
      float delta = v[0] - (mid[0] & 0xff);
      for (int i = 0; i < v.length; i++) {
        assertEquals(delta, v[i] - (mid[i] & 0xff), 1e-4f, "value " + i + " of draw " + d);
      }
      assertTrue(Math.abs(delta) <= bound, "delta " + delta);
      lowest = Math.min(lowest, delta);
      highest = Math.max(highest, delta);
    }
    assertTrue(lowest < -bound / 2 && highest > bound / 2, lowest + " to " + highest);
  }

  @Test
  void brightnessKeepsValuesWithin0And255() {
    byte[] extremes = new byte[H * W];
    for (int i = 0; i < extremes.length; i += 2) {
      extremes[i] = (byte) 255;
    }
    RawImages raw = new RawImages(1, H, W, 1, extremes, new int[1], List.of("x"));
    AugmentedImages data = new AugmentedImages(raw, new long[] {H, W, 1}, Scaling.RAW,
        Augmentation.none().withBrightness(100));

    for (int d = 0; d < DRAWS; d++) {
      for (float v : values(data, 0)) {
        assertTrue(v >= 0 && v <= 255, "value " + v);
      }
    }
  }

  @Test
  void scalingIsAppliedAfterTheAugmentation() {
    RawImages raw = randomImages(1, H, W, C, 5);
    AugmentedImages raw255 = new AugmentedImages(raw, new long[] {H, W, C}, Scaling.RAW,
        everything(9));
    AugmentedImages unit = new AugmentedImages(raw, new long[] {H, W, C}, Scaling.UNIT,
        everything(9));

    float[] a = values(raw255, 0);
    float[] b = values(unit, 0);

    for (int i = 0; i < a.length; i++) {
      assertEquals(a[i] / 255f, b[i], 1e-6f);
    }
  }

  @Test
  void eachBatchingOfAnExampleGivesANewVersion() {
    AugmentedImages data = new AugmentedImages(randomImages(1, H, W, C, 6),
        new long[] {H, W, C}, Scaling.RAW, everything(3));

    assertFalse(Arrays.equals(values(data, 0), values(data, 0)));
  }

  @Test
  void theSameSeedGivesTheSameVersions() {
    RawImages raw = randomImages(4, H, W, C, 7);
    AugmentedImages a = new AugmentedImages(raw, new long[] {H, W, C}, Scaling.UNIT,
        everything(11));
    AugmentedImages b = new AugmentedImages(raw, new long[] {H, W, C}, Scaling.UNIT,
        everything(11));

    for (int epoch = 0; epoch < 3; epoch++) {
      assertArrayEquals(values(a, 3, 1, 0, 2), values(b, 3, 1, 0, 2), "epoch " + epoch);
    }
  }

  @Test
  void anotherSeedGivesOtherVersions() {
    RawImages raw = randomImages(4, H, W, C, 7);

    float[] a = values(new AugmentedImages(raw, new long[] {H, W, C}, Scaling.UNIT,
        everything(11)), 0, 1, 2, 3);
    float[] b = values(new AugmentedImages(raw, new long[] {H, W, C}, Scaling.UNIT,
        everything(12)), 0, 1, 2, 3);

    assertFalse(Arrays.equals(a, b));
  }

  @Test
  void aVersionDependsOnTheExampleAndItsDrawNotOnTheBatchAroundIt() {
    RawImages raw = randomImages(3, H, W, C, 8);
    AugmentedImages a = new AugmentedImages(raw, new long[] {H, W, C}, Scaling.RAW,
        everything(5));
    AugmentedImages b = new AugmentedImages(raw, new long[] {H, W, C}, Scaling.RAW,
        everything(5));

    float[] together = values(a, 2, 0);
    values(b, 1);
    float[] alone = values(b, 0);

    assertArrayEquals(Arrays.copyOfRange(together, H * W * C, 2 * H * W * C), alone);
  }

  @Test
  void plainViewIsNotAugmented() {
    RawImages raw = randomImages(2, H, W, C, 9);
    AugmentedImages data = new AugmentedImages(raw, new long[] {H, W, C}, Scaling.TORCH,
        everything(1));

    AugmentedImages plain = data.plain();

    assertTrue(plain.augmentation().isNone());
    assertArrayEquals(values(ImageFitter.fit(raw, new long[] {H, W, C}, Scaling.TORCH), 0, 1),
        values(plain, 0, 1));
  }

  @Test
  void batchesForAnInputWithoutAChannelAxisHaveNoChannelAxis() {
    RawImages gray = randomImages(2, H, W, 1, 10);

    AugmentedImages data = new AugmentedImages(gray, new long[] {H, W}, Scaling.RAW,
        Augmentation.none());

    assertArrayEquals(values(ImageFitter.fit(gray, new long[] {H, W}, Scaling.RAW), 0, 1),
        values(data, 0, 1));
    try (Tensor t = data.batch(new int[] {0, 1}, 3).get(ImageDataset.IMAGE)) {
      assertEquals(Shape.of(3, H, W), t.shape());
    }
  }

  @Test
  void imagesOfAnotherSizeAreFittedToTheInputAsImageFitterFitsThem() {
    RawImages gray = randomImages(2, 9, 7, 1, 10);
    long[] input = {H, W, C};

    AugmentedImages data = new AugmentedImages(gray, input, Scaling.RAW, Augmentation.none());

    assertArrayEquals(input, data.imageShape());
    float[] fitted = values(ImageFitter.fit(gray, input, Scaling.RAW), 0, 1);
    float[] augmented = values(data, 0, 1);
    for (int i = 0; i < fitted.length; i++) {
      // kept as 8-bit: the fitted value rounded
      assertEquals(Math.round(fitted[i]), augmented[i], "value " + i);
    }
  }

  @Test
  void rgbPresetOnAOneChannelInputIsRefused() {
    assertThrows(DataException.class, () -> new AugmentedImages(randomImages(1, H, W, 1, 1),
        new long[] {H, W, 1}, Scaling.CAFFE, Augmentation.none()));
  }

  private static Augmentation everything(long seed) {
    return Augmentation.none().withHorizontalFlip(true).withPadCrop(2).withBrightness(30)
        .withSeed(seed);
  }

  /** One gray image whose values are all different, so any shift of it can be recognized. */
  private static RawImages distinctImage() {
    byte[] p = new byte[H * W];
    for (int i = 0; i < p.length; i++) {
      p[i] = (byte) (i + 1);
    }
    return new RawImages(1, H, W, 1, p, new int[1], List.of("x"));
  }

  /**
   * The (dy, dx) with |dy|, |dx| at most {@code range} such that {@code shifted} shows
   * {@code original} at (y + dy, x + dx), zero outside; null when there is none.
   */
  private static int[] findShift(float[] original, float[] shifted, int range) {
    for (int dy = -range; dy <= range; dy++) {
      for (int dx = -range; dx <= range; dx++) {
        boolean match = true;
        for (int y = 0; y < H && match; y++) {
          for (int x = 0; x < W && match; x++) {
            int sy = y + dy;
            int sx = x + dx;
            float want = sy >= 0 && sy < H && sx >= 0 && sx < W ? original[sy * W + sx] : 0;
            match = shifted[y * W + x] == want;
          }
        }
        if (match) {
          return new int[] {dy, dx};
        }
      }
    }
    return null;
  }

  private static float[] mirror(float[] image) {
    float[] m = new float[image.length];
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        for (int ch = 0; ch < C; ch++) {
          m[(y * W + x) * C + ch] = image[(y * W + (W - 1 - x)) * C + ch];
        }
      }
    }
    return m;
  }

  private static float[] image(RawImages raw, int n) {
    int size = raw.height() * raw.width() * raw.channels();
    float[] v = new float[size];
    for (int i = 0; i < size; i++) {
      v[i] = raw.pixels()[n * size + i] & 0xff;
    }
    return v;
  }

  private static RawImages randomImages(int count, int h, int w, int c, long seed) {
    byte[] p = new byte[count * h * w * c];
    new Random(seed).nextBytes(p);
    return new RawImages(count, h, w, c, p, new int[count], List.of("x"));
  }

  /** The values of a batch of the given examples. */
  private static float[] values(Dataset data, int... indices) {
    Map<String, Tensor> batch = data.batch(indices, indices.length);
    try (TFloat32 t = (TFloat32) batch.get(ImageDataset.IMAGE)) {
      float[] out = new float[(int) t.size()];
      t.asRawTensor().data().asFloats().read(out);
      return out;
    }
  }
}
