package dev.evalunit.engine.descriptor;

import java.lang.annotation.Annotation;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.platform.engine.TestTag;

/**
 * Jupiter's {@code @Tag} / {@code @Tags} of a suite class, including those on composed
 * annotations (see {@link JupiterAnnotations}), as the launcher's tag filters see them.
 */
final class Tags {

  private Tags() {}

  static Set<TestTag> of(Class<?> suiteClass) {
    Set<TestTag> tags = new LinkedHashSet<>();
    JupiterAnnotations.find(suiteClass, JupiterAnnotations.TAG)
        .forEach(tag -> JupiterAnnotations.value(tag).ifPresent(name -> add(tags, name)));
    for (Annotation container : JupiterAnnotations.find(suiteClass, JupiterAnnotations.TAGS)) {
      if (JupiterAnnotations.value(container).orElse(null) instanceof Annotation[] repeated) {
        for (Annotation tag : repeated) {
          JupiterAnnotations.value(tag).ifPresent(name -> add(tags, name));
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
}
