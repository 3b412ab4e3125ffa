package dev.evalunit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Lets the engine start the suite's task app as a process, on a free port, before the first
 * rollout, and stop it after the suite (also when the suite fails or the run is interrupted).
 *
 * <pre>{@code
 * @EvalSuite(env = "banking77", seeds = "0..19")
 * @TaskAppProcess(command = {"uvx", "synth-ai", "serve", "banking77", "--port", "{port}"})
 * class Banking77Eval {}
 * }</pre>
 *
 * <p>{@code {port}} in any argument is replaced by the chosen port, {@code {classpath}} by the
 * class path the suite class was loaded from (its class loader's entries, then
 * {@code java.class.path}: right under Surefire, IDEs and the Console Launcher's {@code -jar}
 * form alike, unlike {@code ${java.class.path}}), and {@code ${name}} by the system property or
 * environment variable of that name. Unless a task app URL is configured,
 * rollouts go to {@code http://127.0.0.1:{port}}. The engine waits for {@code GET /health} to
 * answer 200 (with the environment key), writes the process output to {@code task-app.log} in
 * the suite's output folder, and fails the suite with the log's last lines if the process exits
 * or never becomes healthy.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface TaskAppProcess {

  /** The command line, one argument per element. */
  String[] command();

  /** The working directory; empty means the JVM's working directory. */
  String workingDir() default "";

  /** Extra environment variables as {@code NAME=value}. */
  String[] environment() default {};

  /** How long to wait for the app to become healthy, in seconds. */
  int startupTimeoutSeconds() default 60;

  /**
   * How many replicas to start: that many processes of {@code command}, each with its own
   * {@code {port}}, output file ({@code task-app.log}, then {@code task-app-2.log}, ...) and
   * health wait. Rollouts spread over them by least in flight, as over a list of task-app
   * URLs; a replica that stops answering is taken out and probed back in.
   *
   * <pre>{@code
   * @TaskAppProcess(command = {"java", "-jar", "app.jar", "--port", "{port}"}, replicas = 3)
   * }</pre>
   */
  int replicas() default 1;
}
