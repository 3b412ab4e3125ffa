package dev.evalunit.engine.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.evalunit.engine.config.SuiteConfig;
import dev.evalunit.engine.config.SuiteConfig.Variant;
import dev.evalunit.engine.results.RolloutMetrics;
import dev.evalunit.engine.results.SeedResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code report.txt} against what synth-ai 0.4.4's {@code format_eval_report} returns for the
 * same config and results (../shared/reference/synth-ai-0.4.4-eval-runner.py.txt):
 * {@code f"Eval config\n{json.dumps(payload, indent=2, default=str)}\n\nResults\n{table}\n"},
 * the payload holding {@code app_id, task_app_url, env_name, policy_name, policy_config, seeds,
 * concurrency}; the table is {@code format_eval_table}: headers {@code seed, score,
 * reward_mean, outcome, events, latency_ms, verifier, tokens, cost_usd, error}; a float cell is
 * {@code f"{value:.4f}".rstrip("0").rstrip(".")}, an int cell {@code str(value)}, None
 * {@code "-"}, the error cell {@code r.error or "-"}; each cell {@code ljust} to the column's
 * widest {@code len(str(cell))}, joined by {@code " | "}, the rule {@code "-+-".join("-" * w)};
 * the avg row averages the values that are numbers, tokens as {@code int(sum / len)}. The
 * expected text below is written out by hand from those rules.
 */
class SynthReportTextTest {

  /** A multi-line error longer than 120 characters, with one character outside the BMP. */
  private static final String ERROR = "HTTP 500 from /rollout:\n" + "x".repeat(105) + "\uD83D\uDE42";

  @TempDir Path dir;

  @Test
  void reportTxtIsWhatFormatEvalReportPrintsForAnErrorANegativeZeroAndAnIntScore()
      throws IOException {
    Path toml = dir.resolve("eval.toml");
    Files.writeString(toml, """
        [eval]
        app_id = "banking77"
        task_app_url = "http://127.0.0.1:8103"
        env_name = "banking77"
        seeds = [0, 1, 2]
        [eval.policy_config]
        model = "gpt-4o-mini"
        """);
    SuiteConfig config = ReportFixtures.config(toml, dir, Map.of());
    List<SeedResult> results = List.of(
        // The task app sent "outcome_score": 1 and "verifier_score": 2 (JSON ints): str(2) is
        // "2", and f"{1.0:.4f}" stripped is "1", as str(1) is.
        ReportFixtures.completed(0, new RolloutMetrics(1.0, 1.0, 1.0, null, 2.0, 936L, 0.0004),
            12.5),
        ReportFixtures.errored(1, ERROR),
        // f"{-0.00004:.4f}" is "-0.0000" and f"{-0.0:.4f}" is "-0.0000": both print "-0".
        ReportFixtures.completed(2,
            new RolloutMetrics(-0.00004, -0.0, -0.00004, null, null, null, null), 3.0));

    String text = SynthReport.text(config, Variant.DEFAULT, "http://127.0.0.1:8103", results);

    assertThat(ERROR.codePointCount(0, ERROR.length())).isEqualTo(130);
    String pad = " ".repeat(129); // "-".ljust(130)
    String expected = "Eval config\n"
        + "{\n"
        + "  \"app_id\": \"banking77\",\n"
        + "  \"task_app_url\": \"http://127.0.0.1:8103\",\n"
        + "  \"env_name\": \"banking77\",\n"
        + "  \"policy_name\": null,\n"
        + "  \"policy_config\": {\n"
        + "    \"model\": \"gpt-4o-mini\"\n"
        + "  },\n"
        + "  \"seeds\": [\n"
        + "    0,\n"
        + "    1,\n"
        + "    2\n"
        + "  ],\n"
        + "  \"concurrency\": 1\n"
        + "}\n"
        + "\n"
        + "Results\n"
        + "seed | score | reward_mean | outcome | events | latency_ms | verifier | tokens | "
        + "cost_usd | error" + " ".repeat(125) + "\n"
        + "-----+-------+-------------+---------+--------+------------+----------+--------+-"
        + "---------+-" + "-".repeat(130) + "\n"
        + "0    | 1     | 1           | 1       | -      | 12.5       | 2        | 936    | "
        + "0.0004   | -" + pad + "\n"
        + "1    | -     | -           | -       | -      | 12.5       | -        | -      | "
        + "-        | " + ERROR + "\n"
        + "2    | -0    | -0          | -0      | -      | 3          | -        | -      | "
        + "-        | -" + pad + "\n"
        // (1.0 - 0.00004) / 2 = 0.49998 -> "0.5"; (12.5 + 12.5 + 3.0) / 3 -> "9.3333"
        + "avg  | 0.5   | 0.5         | 0.5     | -      | 9.3333     | 2        | 936    | "
        + "0.0004   | -" + pad + "\n";
    assertThat(text).isEqualTo(expected);
    // report.json keeps one type per score column: the int-valued verifier score is a float.
    assertThat(SynthReport.json(config, Variant.DEFAULT, "http://127.0.0.1:8103", results))
        .contains("\"verifier_score\": 2.0,");
  }

  /**
   * run_eval returns {@code results.sort(key=lambda item: item.seed)}, so both reports list rows
   * by seed whatever order the seeds ran in; the config's {@code seeds} keep the run order.
   */
  @Test
  void rowsAreSortedBySeedInBothReports() throws IOException {
    Path toml = dir.resolve("eval.toml");
    Files.writeString(toml, """
        [eval]
        task_app_url = "http://127.0.0.1:8103"
        env_name = "e"
        seeds = [3, 1, 2]
        """);
    SuiteConfig config = ReportFixtures.config(toml, dir, Map.of());
    List<SeedResult> ranInOrder = List.of(ReportFixtures.completed(3, 0.3, 1.0, null, null),
        ReportFixtures.completed(1, 0.1, 1.0, null, null),
        ReportFixtures.completed(2, 0.2, 1.0, null, null));

    String text = SynthReport.text(config, Variant.DEFAULT, "http://127.0.0.1:8103", ranInOrder);
    String json = SynthReport.json(config, Variant.DEFAULT, "http://127.0.0.1:8103", ranInOrder);

    assertThat(text.lines().filter(l -> l.matches("\\d +\\|.*")).map(l -> l.substring(0, 1)))
        .containsExactly("1", "2", "3");
    assertThat(text).contains("\"seeds\": [\n    3,\n    1,\n    2\n  ]");
    assertThat(json.indexOf("\"seed\": 1,")).isLessThan(json.indexOf("\"seed\": 2,"));
    assertThat(json.indexOf("\"seed\": 2,")).isLessThan(json.indexOf("\"seed\": 3,"));
  }

  /** {@code r.error or "-"}: an empty error is falsy in Python and prints as "-". */
  @Test
  void anEmptyErrorPrintsAsADash() {
    String table = ResultsTable.render(List.of(ReportFixtures.errored(4, "")));
    assertThat(table.lines().skip(2).findFirst().orElseThrow()).endsWith("| -    ");
  }
}
