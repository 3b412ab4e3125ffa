package dev.evalunit.samples.taskapp;

/**
 * One row of the intents dataset.
 *
 * @param index the row's position in the dataset
 * @param text the customer's query
 * @param intent the correct intent label
 */
public record IntentExample(int index, String text, String intent) {}
