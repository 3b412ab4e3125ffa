package dev.evalunit.engine.config;

import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The {@code {classpath}} of a {@code @TaskAppProcess} command: what the suite class sees, so a
 * task app written next to the suites starts with the same classes. Under Surefire or an IDE
 * that is {@code java.class.path}; under the Console Launcher's {@code java -jar} form the
 * suites come from a class loader the launcher built for {@code --class-path}, and
 * {@code java.class.path} holds only the launcher jar, so that loader's entries come first.
 *
 * <pre>{@code
 * @TaskAppProcess(command = {"${java.home}/bin/java", "-cp", "{classpath}", "com.acme.App"})
 * }</pre>
 */
final class TaskAppClassPath {

  static final String PLACEHOLDER = "{classpath}";

  private TaskAppClassPath() {}

  static String of(Class<?> suiteClass) {
    return of(suiteClass.getClassLoader(), System.getProperty("java.class.path", ""));
  }

  /** The file entries of every URL class loader from {@code loader} up, then the JVM's path. */
  static String of(ClassLoader loader, String javaClassPath) {
    Set<String> entries = new LinkedHashSet<>();
    for (ClassLoader current = loader; current != null; current = current.getParent()) {
      if (current instanceof URLClassLoader urls) {
        for (URL url : urls.getURLs()) {
          if ("file".equals(url.getProtocol())) {
            try {
              entries.add(Path.of(url.toURI()).toString());
            } catch (URISyntaxException | IllegalArgumentException e) {
              // not a plain file URL: the task app could not use it either
            }
          }
        }
      }
    }
    for (String entry : javaClassPath.split(File.pathSeparator)) {
      if (!entry.isEmpty()) {
        entries.add(entry);
      }
    }
    return String.join(File.pathSeparator, entries);
  }
}
