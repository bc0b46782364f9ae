package dev.tftune.data;

/**
 * Serialized {@code tf.Example} protos fed to the model's string input as they are; the
 * model's own graph parses them.
 *
 * @param labelFeature the feature holding each example's class; null for a regression
 * @param targetFeature the feature holding a regression's values; null for classes
 */
public record ExamplePreparation(String labelFeature, String targetFeature)
    implements InputPreparation {}
