package dev.evalunit.samples.taskapp;

/** The floor every real policy must beat: always the dataset's most frequent intent. */
final class MajorityPolicy implements IntentPolicy {

  static final String MODEL = "majority-baseline";

  private final String majorityIntent;

  MajorityPolicy(String majorityIntent) {
    this.majorityIntent = majorityIntent;
  }

  @Override
  public PolicyTurn classify(IntentPrompt prompt) {
    return PolicyTurn.offline(MODEL, prompt, majorityIntent);
  }
}
