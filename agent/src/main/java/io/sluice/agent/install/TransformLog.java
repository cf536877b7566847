package io.sluice.agent.install;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports what the instrumentation did: each woven class at DEBUG, with the loader that defined it,
 * and every failure at WARN. A class that could not be woven keeps its original code, so the
 * application runs without Sluice for that driver instead of failing.
 */
final class TransformLog extends AgentBuilder.Listener.Adapter
    implements AgentBuilder.RedefinitionStrategy.Listener {
  private static final Logger log = LoggerFactory.getLogger(TransformLog.class);

  @Override
  public void onTransformation(
      TypeDescription type,
      ClassLoader loader,
      JavaModule module,
      boolean loaded,
      DynamicType dynamicType) {
    log.debug("Instrumented {} in {}{}", type.getName(), loader, loaded ? " (retransformed)" : "");
  }

  @Override
  public void onError(
      String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
    log.warn("Could not instrument {} in {}; it runs without Sluice", typeName, loader, error);
  }

  @Override
  public void onBatch(int index, List<Class<?>> batch, List<Class<?>> types) {}

  @Override
  public Iterable<? extends List<Class<?>>> onError(
      int index, List<Class<?>> batch, Throwable error, List<Class<?>> types) {
    log.warn("Could not retransform {}; they run without Sluice", batch, error);
    return Collections.emptyList(); // no retry
  }

  @Override
  public void onComplete(
      int amount, List<Class<?>> types, Map<List<Class<?>>, Throwable> failures) {}
}
