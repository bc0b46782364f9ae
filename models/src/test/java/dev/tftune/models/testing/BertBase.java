package dev.tftune.models.testing;

import dev.tftune.models.catalog.ModelCache;
import dev.tftune.models.catalog.ModelCatalog;
import dev.tftune.models.catalog.Progress;
import java.nio.file.Path;

/**
 * The real BERT-base for tests: Maven resolves its artifact as a test dependency, and the
 * tool's own cache unpacks it (under {@code target/tftune-home}, set by the build).
 */
public final class BertBase {
  private BertBase() {}

  /** The unpacked SavedModel folder. */
  public static synchronized Path dir() {
    return ModelCache.defaults().savedModel(ModelCatalog.BERT_BASE_UNCASED, Progress.none());
  }
}
