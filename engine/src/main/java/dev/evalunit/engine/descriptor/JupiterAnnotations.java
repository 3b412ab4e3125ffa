package dev.evalunit.engine.descriptor;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Jupiter's {@code @Tag}, {@code @Tags} and {@code @Disabled} on a suite class, read by type
 * name so the engine needs no Jupiter dependency. Found as Jupiter finds them: directly present,
 * inherited, or on a composed annotation (meta-annotated, at any depth).
 */
final class JupiterAnnotations {

  static final String TAG = "org.junit.jupiter.api.Tag";
  static final String TAGS = "org.junit.jupiter.api.Tags";
  static final String DISABLED = "org.junit.jupiter.api.Disabled";

  private JupiterAnnotations() {}

  /** Every annotation of this type name on the class or on its composed annotations. */
  static List<Annotation> find(Class<?> suiteClass, String typeName) {
    List<Annotation> found = new ArrayList<>();
    collect(suiteClass.getAnnotations(), typeName, new HashSet<>(), found);
    return found;
  }

  /** The {@code value()} of an annotation, empty when it has none. */
  static Optional<Object> value(Annotation annotation) {
    try {
      Method value = annotation.annotationType().getMethod("value");
      return Optional.ofNullable(value.invoke(annotation));
    } catch (ReflectiveOperationException e) {
      return Optional.empty();
    }
  }

  private static void collect(Annotation[] annotations, String typeName,
      Set<Class<?>> visited, List<Annotation> found) {
    for (Annotation annotation : annotations) {
      Class<? extends Annotation> type = annotation.annotationType();
      if (type.getName().equals(typeName)) {
        found.add(annotation);
      } else if (!type.getName().startsWith("java.lang.annotation.") && visited.add(type)) {
        collect(type.getAnnotations(), typeName, visited, found);
      }
    }
  }
}
