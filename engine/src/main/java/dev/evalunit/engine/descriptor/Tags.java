package dev.evalunit.engine.descriptor;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.platform.engine.TestTag;

/**
 * Reads JUnit {@code @Tag} / {@code @Tags} from a suite class by annotation name, so suites can
 * use the familiar Jupiter annotation without the engine depending on Jupiter.
 */
final class Tags {

  private static final String TAG = "org.junit.jupiter.api.Tag";
  private static final String TAGS = "org.junit.jupiter.api.Tags";

  private Tags() {}

  static Set<TestTag> of(Class<?> suiteClass) {
    Set<TestTag> tags = new LinkedHashSet<>();
    for (Annotation annotation : suiteClass.getAnnotations()) {
      String type = annotation.annotationType().getName();
      if (type.equals(TAG)) {
        add(tags, value(annotation));
      } else if (type.equals(TAGS)) {
        Object inner = value(annotation);
        if (inner instanceof Annotation[] repeated) {
          for (Annotation tag : repeated) {
            add(tags, value(tag));
          }
        }
      }
    }
    return Collections.unmodifiableSet(tags);
  }

  private static void add(Set<TestTag> tags, Object name) {
    if (name instanceof String s && TestTag.isValid(s)) {
      tags.add(TestTag.create(s.trim()));
    }
  }

  private static Object value(Annotation annotation) {
    try {
      Method value = annotation.annotationType().getMethod("value");
      return value.invoke(annotation);
    } catch (ReflectiveOperationException e) {
      return null;
    }
  }
}
