package io.sluice.agent.install;

import static net.bytebuddy.matcher.ElementMatchers.any;
import static net.bytebuddy.matcher.ElementMatchers.is;
import static net.bytebuddy.matcher.ElementMatchers.isBootstrapClassLoader;
import static net.bytebuddy.matcher.ElementMatchers.isExtensionClassLoader;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.lang.instrument.Instrumentation;
import java.util.List;
import java.util.Properties;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.dynamic.Nexus;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The advice Sluice weaves into Connector/J, whichever loader loads it: a table of exact class
 * names, methods and advice, installed with one Byte Buddy {@link AgentBuilder}.
 */
final class ConnectorJInstrumentation {

  /** Weave {@code advice} into the methods of {@code type} that {@code methods} matches. */
  private record Rule(
      String type, ElementMatcher<? super MethodDescription> methods, Class<?> advice) {}

  private static final List<Rule> RULES =
      List.of(
          new Rule(
              "com.mysql.cj.jdbc.NonRegisteringDriver",
              named("connect").and(takesArguments(String.class, Properties.class)),
              ConnectAdvice.class),
          new Rule(
              "com.mysql.cj.jdbc.MysqlXADataSource",
              nameStartsWith("getXAConnection"),
              PassThroughAdvice.class),
          new Rule(
              "com.mysql.cj.jdbc.MysqlConnectionPoolDataSource",
              nameStartsWith("getPooledConnection"),
              PassThroughAdvice.class));

  private ConnectorJInstrumentation() {}

  /**
   * Registers the transformer and retransforms the classes of the table that are already loaded
   * (when attached to a running JVM).
   *
   * @param agentLoader the loader holding the advice classes, and whose own classes are never
   *     instrumented
   */
  static void install(Instrumentation inst, ClassLoader agentLoader) {
    // Advice needs no Nexus (no initializers are injected). Left enabled, Byte Buddy would define
    // its Nexus class in the application's system loader, through sun.misc.Unsafe. The property
    // name is relocated with Byte Buddy, so the application's own Byte Buddy is unaffected.
    System.setProperty(Nexus.PROPERTY, "true");
    TransformLog log = new TransformLog(); // both kinds of listener: casts pick the overload
    AgentBuilder builder =
        new AgentBuilder.Default(
                // Advice only touches declared methods: no need to resolve whole hierarchies.
                new ByteBuddy().with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE))
            .disableClassFormatChanges() // retransformation cannot add members
            .with(AgentBuilder.TypeStrategy.Default.DECORATE)
            .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
            .with((AgentBuilder.RedefinitionStrategy.Listener) log)
            .with(AgentBuilder.DescriptionStrategy.Default.POOL_ONLY) // never load during transform
            .with((AgentBuilder.Listener) log)
            // Replaces Byte Buddy's default matcher (which also skips bootstrap and platform).
            .ignore(
                any(), isBootstrapClassLoader().or(isExtensionClassLoader()).or(is(agentLoader)));
    AgentBuilder.Transformer.ForAdvice advice =
        new AgentBuilder.Transformer.ForAdvice().include(agentLoader);
    for (Rule rule : RULES) {
      builder =
          builder
              .type(named(rule.type()))
              .transform(advice.advice(rule.methods(), rule.advice().getName()));
    }
    builder.installOn(inst);
  }
}
