package dev.tftune.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Random changes to training images, a new draw each time an image is batched (see
 * {@link AugmentedImages}). Each is off by default; {@link #none()} is the starting point:
 *
 * <pre>{@code
 * Augmentation a = Augmentation.none().withHorizontalFlip(true).withPadCrop(4);
 * }</pre>
 *
 * <p>Applied in this order, on 8-bit values (0..255) before the {@link Scaling}: pad and crop,
 * flip, brightness; the convention of CIFAR training (pad 4, random 32x32 crop, random flip).
 *
 * @param horizontalFlip mirror left to right with probability 1/2; default false
 * @param padCrop pad each side with this many zero (black) pixels, then crop back to the image
 *     size at a random offset, so the image shifts by up to this many pixels each way; 0, the
 *     default, is off
 * @param brightness add one random value in [-brightness, brightness] to every value of the
 *     image, then clamp to [0, 255] (as Keras' {@code RandomBrightness} on the 0..255 range);
 *     0, the default, is off
 * @param seed seeds every draw; default 42
 */
public record Augmentation(boolean horizontalFlip, int padCrop, float brightness, long seed) {
  /** The seed of {@link #none()}, the default seed of the trainer too. */
  public static final long DEFAULT_SEED = 42;

  public Augmentation {
    if (padCrop < 0) {
      throw new IllegalArgumentException("pad-crop must be 0 or more pixels: " + padCrop);
    }
    if (!(brightness >= 0 && brightness <= 255)) {
      throw new IllegalArgumentException("brightness must be in [0, 255]: " + brightness);
    }
  }

  /** No change to the images, seed {@value #DEFAULT_SEED}. */
  public static Augmentation none() {
    return new Augmentation(false, 0, 0, DEFAULT_SEED);
  }

  /** With random horizontal flips on or off. */
  public Augmentation withHorizontalFlip(boolean on) {
    return new Augmentation(on, padCrop, brightness, seed);
  }

  /** With random shifts of up to {@code pixels} each way (zero padding, random crop). */
  public Augmentation withPadCrop(int pixels) {
    return new Augmentation(horizontalFlip, pixels, brightness, seed);
  }

  /** With a random brightness change of up to {@code maxDelta} on the 0..255 scale. */
  public Augmentation withBrightness(float maxDelta) {
    return new Augmentation(horizontalFlip, padCrop, maxDelta, seed);
  }

  /** With another seed. */
  public Augmentation withSeed(long seed) {
    return new Augmentation(horizontalFlip, padCrop, brightness, seed);
  }

  /** Whether nothing changes the images. */
  public boolean isNone() {
    return !horizontalFlip && padCrop == 0 && brightness == 0;
  }

  /**
   * Parses a comma-separated list such as {@code flip,pad-crop=4,brightness=20}, or
   * {@code none}; the seed stays {@value #DEFAULT_SEED} ({@link #withSeed} to change it).
   *
   * @throws IllegalArgumentException for an unknown or malformed item
   */
  public static Augmentation parse(String text) {
    Augmentation a = none();
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.isEmpty() || t.equals("none")) {
      return a;
    }
    for (String item : t.split(",")) {
      String[] kv = item.trim().split("=", 2);
      String key = kv[0].trim();
      try {
        switch (key) {
          case "flip" -> a = a.withHorizontalFlip(true);
          case "pad-crop", "crop" -> a = a.withPadCrop(Integer.parseInt(value(kv, item)));
          case "brightness" -> a = a.withBrightness(Float.parseFloat(value(kv, item)));
          default -> throw new IllegalArgumentException("unknown augmentation '" + item.trim()
              + "': use none, or a list of flip, pad-crop=PIXELS, brightness=DELTA");
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("augmentation '" + item.trim()
            + "' needs a number, e.g. pad-crop=4 or brightness=20");
      }
    }
    return a;
  }

  private static String value(String[] kv, String item) {
    if (kv.length < 2) {
      throw new NumberFormatException(item);
    }
    return kv[1].trim();
  }

  /** The form {@link #parse} reads, for logs and export metadata; without the seed. */
  @Override
  public String toString() {
    List<String> items = new ArrayList<>();
    if (horizontalFlip) {
      items.add("flip");
    }
    if (padCrop > 0) {
      items.add("pad-crop=" + padCrop);
    }
    if (brightness > 0) {
      items.add("brightness=" + (brightness == (int) brightness ? Integer.toString(
          (int) brightness) : Float.toString(brightness)));
    }
    return items.isEmpty() ? "none" : String.join(",", items);
  }
}
