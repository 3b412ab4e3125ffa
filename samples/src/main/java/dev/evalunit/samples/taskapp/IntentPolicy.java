package dev.evalunit.samples.taskapp;

/** Answers one intent prompt. Implementations must be safe to call from many threads. */
interface IntentPolicy {

  PolicyTurn classify(IntentPrompt prompt);
}
