package dev.tftune.data;

/**
 * Numbers read from NumPy arrays named as the model's inputs, fed as they are.
 *
 * @param labelArray the array of class labels; null for a regression
 * @param targetArray the array of a regression's targets; null for classes
 */
public record ArrayPreparation(String labelArray, String targetArray)
    implements InputPreparation {}
