package dev.evalunit.engine.config;

import dev.evalunit.Rollout;
import dev.evalunit.agent.AgentContext;
import dev.evalunit.agent.EvalOutput;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

/**
 * Finds a suite class's {@link Rollout} method and checks its shape: {@code EvalOutput
 * name(INSTANCE, AgentContext)}, not static, at most one per class (superclasses included).
 */
final class RolloutMethod {

  private RolloutMethod() {}

  /**
   * The suite's rollout method, if it declares one.
   *
   * @throws ConfigException naming the class and method when there are two or the shape is wrong
   */
  static Optional<Method> find(Class<?> suiteClass) {
    List<Method> methods = new ArrayList<>(AnnotationSupport.findAnnotatedMethods(suiteClass,
        Rollout.class, HierarchyTraversalMode.TOP_DOWN));
    if (methods.isEmpty()) {
      return Optional.empty();
    }
    if (methods.size() > 1) {
      throw new ConfigException(suiteClass.getName() + ": " + methods.size()
          + " @Rollout methods (" + methods.stream().map(Method::getName)
              .collect(Collectors.joining(", ")) + "); a suite has at most one");
    }
    Method method = methods.get(0);
    String where = "@Rollout method " + suiteClass.getName() + "." + method.getName();
    String shape = "EvalOutput " + method.getName() + "(Instance | long | <row type>, AgentContext)";
    if (Modifier.isStatic(method.getModifiers())) {
      throw new ConfigException(where + " is static; make it an instance method: " + shape);
    }
    if (method.getReturnType() != EvalOutput.class) {
      throw new ConfigException(where + " returns " + method.getReturnType().getSimpleName()
          + "; expected " + shape);
    }
    Class<?>[] types = method.getParameterTypes();
    if (types.length != 2 || types[1] != AgentContext.class || types[0] == AgentContext.class) {
      throw new ConfigException(where + " takes (" + java.util.Arrays.stream(types)
          .map(Class::getSimpleName).collect(Collectors.joining(", ")) + "); expected " + shape);
    }
    return Optional.of(method);
  }
}
