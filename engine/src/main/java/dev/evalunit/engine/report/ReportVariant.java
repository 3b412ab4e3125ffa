package dev.evalunit.engine.report;

import dev.evalunit.engine.results.SuiteSummary;
import dev.evalunit.engine.results.SuiteVerdict;

/**
 * One variant as the HTML report's sections see it: its judged results and where its files are
 * relative to the page.
 *
 * @param results the variant's judged seed results
 * @param relativeDir the variant's folder relative to the page, for trace links ("" without
 *     a matrix)
 */
record ReportVariant(VariantResults results, String relativeDir) {

  /** The variant's key, for headings and captions. */
  String key() {
    return results.variant().key();
  }

  SuiteSummary summary() {
    return results.summary();
  }

  SuiteVerdict verdict() {
    return results.verdict();
  }
}
