package dev.evalunit.scoring;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * The judges' decision on one answer: the majority grade, how far the judges agreed, each vote,
 * and what the judging cost. A tie goes to the lowest-scoring of the tied grades (a judge panel
 * that cannot decide does not pass an answer) and is flagged.
 *
 * <pre>{@code
 * JudgeVerdict v = judge.grade(task, answer, reference);
 * v.grade();        // "PASS"
 * v.agreement();    // 0.667: 2 of 3 judges gave the majority grade
 * v.toScore();      // a Score with details judge_grade, judge_agreement, judge_votes, judge_usage
 * }</pre>
 *
 * @param grade the majority grade
 * @param score its score
 * @param reason the reason of the first judge that gave the majority grade
 * @param agreement the share of votes that gave the majority grade, in (0, 1]
 * @param tie true when another grade had as many votes
 * @param votes every vote, in order
 * @param usage the judges' tokens and cost
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record JudgeVerdict(String grade, double score, String reason, double agreement,
    boolean tie, List<JudgeVote> votes, JudgeUsage usage) {

  public JudgeVerdict {
    votes = List.copyOf(votes);
  }

  /** True when every judge gave the same grade. */
  public boolean unanimous() {
    return agreement == 1.0;
  }

  /** The verdict as a score: the grade's score, the judges' reason, the verdict in details. */
  public Score toScore() {
    long majority = votes.stream().filter(v -> v.grade().equals(grade)).count();
    String how = votes.size() == 1 ? "judge: " + grade
        : "judges: " + grade + " (" + majority + " of " + votes.size()
            + (tie ? ", a tie settled low" : "") + ")";
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("judge_grade", grade);
    details.put("judge_agreement", agreement);
    details.put("judge_votes", votes.stream().map(JudgeVote::toMap).toList());
    details.put("judge_usage", usage.toMap());
    return new Score(score, how + ": " + reason, details);
  }
}
