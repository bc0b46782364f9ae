package dev.tftune.data;

import java.util.Objects;

/**
 * Images decoded, fitted to the model's input shape (bilinear resize, channels converted, as
 * {@link ImageFitter} does) and scaled to the floats the model expects.
 *
 * @param scaling how 8-bit values became floats
 */
public record ImagePreparation(Scaling scaling) implements InputPreparation {
  public ImagePreparation {
    Objects.requireNonNull(scaling, "scaling");
  }
}
