package dev.tftune.models.bert;

import dev.tftune.TftuneException;
import java.util.Locale;

/** Which vector of the encoder represents a whole text for the classifier. */
public enum BertPooling {
  /** The pooler's output: the [CLS] token's vector through a dense tanh layer ({@code cls}). */
  CLS,
  /** The mean of the per-token vectors over the real tokens, padding left out ({@code mean}). */
  MEAN;

  /** {@code cls} or {@code mean}. */
  public static BertPooling parse(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "cls", "pooled" -> CLS;
      case "mean", "average", "avg" -> MEAN;
      default -> throw new TftuneException("unknown pooling '" + name + "'",
          "use pooling cls or mean").withFixKey(dev.tftune.FixKeys.POOLING_UNKNOWN);
    };
  }

  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
