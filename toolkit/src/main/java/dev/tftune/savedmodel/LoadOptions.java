package dev.tftune.savedmodel;

import java.util.List;
import org.tensorflow.proto.ConfigProto;

/**
 * How to load a SavedModel. Immutable; start from {@link #defaults()}.
 *
 * @param tags the meta graph's tags; empty means {@code serve}, or the only meta graph
 * @param relaxBatch rewrite a batch dimension fixed in the signature inputs to a dynamic one
 *     when the graph allows it (default true)
 * @param config session configuration; the default allows soft placement so graphs pinned to a
 *     GPU run on a CPU build
 */
public record LoadOptions(List<String> tags, boolean relaxBatch, ConfigProto config) {

  public LoadOptions {
    tags = List.copyOf(tags);
  }

  /** Tags {@code serve}, batch relaxing on, soft placement on. */
  public static LoadOptions defaults() {
    return new LoadOptions(List.of(), true,
        ConfigProto.newBuilder().setAllowSoftPlacement(true).build());
  }

  public LoadOptions withTags(String... newTags) {
    return new LoadOptions(List.of(newTags), relaxBatch, config);
  }

  public LoadOptions withRelaxBatch(boolean relax) {
    return new LoadOptions(tags, relax, config);
  }

  public LoadOptions withConfig(ConfigProto newConfig) {
    return new LoadOptions(tags, relaxBatch, newConfig);
  }
}
