package dev.evalunit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Takes the suite's instances from a JSONL file, one JSON object per line, each carrying an
 * instance id (OpenHands style). Every row becomes one test, displayed and re-runnable by its id
 * ({@code [seed:django__django-11099]}); the row's index (0-based, counting non-blank lines) is
 * sent as {@code env.seed}, and the whole row as {@code env.config.instance}.
 *
 * <pre>{@code
 * // evals/instances.jsonl
 * // {"instance_id": "b77-card-lost", "text": "I lost my card", "label": "lost_or_stolen_card"}
 * // {"instance_id": "b77-pin", "text": "How do I change my PIN?", "label": "change_pin"}
 *
 * @EvalSuite(taskApp = "http://localhost:8103", env = "banking77")
 * @Dataset(file = "evals/instances.jsonl")
 * class Banking77Instances {}
 * }</pre>
 *
 * <p>When seeds are configured too, they select rows by index ({@code seeds = "0..9"} runs the
 * first ten rows); {@code evalunit.limit} then takes a stable subset. Overridable per run with
 * {@code -Devalunit.dataset.file=...} and {@code -Devalunit.dataset.idField=...}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Dataset {

  /** The JSONL file; resolved against the working directory first, then the class path. */
  String file();

  /** The field of each row that holds its unique id. */
  String idField() default "instance_id";
}
