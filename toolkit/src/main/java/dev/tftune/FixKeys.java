package dev.tftune;

/**
 * The keys of fixes that name a setting, carried by {@link TftuneException#fixKey()}: the
 * library words each fix in its own API, and a front end that names settings otherwise (the
 * command line's flags) words it its own way from the key and the exception's fix values.
 */
public final class FixKeys {
  /** No variable matches a pattern of the plan. Value: a few variable names. */
  public static final String PLAN_NO_MATCH = "plan.no-match";
  /** A tensor name is unknown. Value: the signature output keys. */
  public static final String TENSOR_UNKNOWN = "tensor.unknown";
  /** No feature tensor was found in the graph. */
  public static final String FEATURES_NOT_FOUND = "features.not-found";
  /** BatchNorm update mode cannot find a moving statistic. */
  public static final String BATCH_NORM_INFERENCE = "batch-norm.inference";
  /** The graph has no residual blocks to unfreeze. */
  public static final String BLOCKS_NONE = "blocks.none";
  /** More blocks or layers to unfreeze than the model has. Value: how many it has. */
  public static final String UNFREEZE_TOO_MANY = "unfreeze.too-many";
  /** A maximum text length beyond the model's. Value: the model's limit. */
  public static final String MAX_LENGTH = "text.max-length";
  /** An unknown pooling name. */
  public static final String POOLING_UNKNOWN = "text.pooling-unknown";
  /** An export version exists. Value: the next free version. */
  public static final String EXPORT_VERSION_EXISTS = "export.version-exists";
  /** A folder that is not a tftune export. */
  public static final String EXPORT_NOT_TFTUNE = "export.not-tftune";

  private FixKeys() {}
}
