package dev.tftune.models.catalog;

/** Receives progress of long transfers (downloads, unpacking). */
@FunctionalInterface
public interface Progress {

  /**
   * Called repeatedly while a task runs, and once when it is done ({@code done == total}).
   *
   * @param task what runs, such as "downloading bert-base-uncased"
   * @param done bytes done so far
   * @param total bytes in all, or -1 when unknown
   */
  void update(String task, long done, long total);

  /** Ignores every update. */
  static Progress none() {
    return (task, done, total) -> { };
  }
}
