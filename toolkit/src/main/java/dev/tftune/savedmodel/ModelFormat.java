package dev.tftune.savedmodel;

/** How a SavedModel was written. */
public enum ModelFormat {
  /** A TF1 graph: the computation is in the GraphDef itself. */
  TF1,
  /** A TF2 object graph: computation in library functions called through PartitionedCall ops. */
  TF2;

  @Override
  public String toString() {
    return name().toLowerCase();
  }
}
