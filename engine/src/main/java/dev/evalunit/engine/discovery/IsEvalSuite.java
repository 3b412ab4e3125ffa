package dev.evalunit.engine.discovery;

import dev.evalunit.EvalSuite;
import java.lang.reflect.Modifier;
import java.util.function.Predicate;
import org.junit.platform.commons.support.AnnotationSupport;

/** A concrete class annotated {@code @EvalSuite} (package-private classes count). */
enum IsEvalSuite implements Predicate<Class<?>> {
  INSTANCE;

  @Override
  public boolean test(Class<?> candidate) {
    return !candidate.isInterface()
        && !candidate.isAnnotation()
        && !Modifier.isAbstract(candidate.getModifiers())
        && !candidate.isAnonymousClass()
        && !candidate.isLocalClass()
        && AnnotationSupport.isAnnotated(candidate, EvalSuite.class);
  }
}
