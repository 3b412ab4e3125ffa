package dev.evalunit.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Writes and compiles many real {@code @EvalSuite} classes, so discovery is measured on what a
 * large project has: one class file per suite, each with its own annotation and seeds.
 */
final class GeneratedSuites {

  static final String PACKAGE = "dev.evalunit.bench.generated";

  private GeneratedSuites() {}

  /** The compiled classes' folder and the list of their names (one per line). */
  record Compiled(Path classesDir, Path classList, int suites, int seedsPerSuite) {}

  /**
   * @param classpath where {@code dev.evalunit.EvalSuite} is found
   * @throws BenchmarkException if no compiler is available or compilation fails
   */
  static Compiled compile(int suites, int seedsPerSuite, String classpath, Path dir) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new BenchmarkException("no Java compiler in " + System.getProperty("java.home")
          + ": run the benchmark with a JDK, not a JRE");
    }
    Path sources = dir.resolve("src");
    Path classes = dir.resolve("classes");
    Path packageDir = sources.resolve(PACKAGE.replace('.', '/'));
    List<String> names = new ArrayList<>();
    List<String> args = new ArrayList<>(List.of("-proc:none", "-nowarn", "-cp", classpath,
        "-d", classes.toString()));
    try {
      Files.createDirectories(packageDir);
      Files.createDirectories(classes);
      for (int i = 0; i < suites; i++) {
        String simpleName = String.format("GeneratedEval%03d", i);
        Path file = packageDir.resolve(simpleName + ".java");
        Files.writeString(file, "package " + PACKAGE + ";\n\n"
            + "@dev.evalunit.EvalSuite(taskApp = \"http://127.0.0.1:9\", env = \"gen-" + i
            + "\", seeds = \"0.." + (seedsPerSuite - 1) + "\", concurrency = 8)\n"
            + "public class " + simpleName + " {}\n", StandardCharsets.UTF_8);
        names.add(PACKAGE + "." + simpleName);
        args.add(file.toString());
      }
      int exit = javac.run(null, null, null, args.toArray(String[]::new));
      if (exit != 0) {
        throw new BenchmarkException("compiling the generated suites failed (exit " + exit
            + "); the compiler printed why above");
      }
      Path classList = dir.resolve("classes.txt");
      Files.write(classList, names, StandardCharsets.UTF_8);
      return new Compiled(classes, classList, suites, seedsPerSuite);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write generated suites under " + dir, e);
    }
  }
}
