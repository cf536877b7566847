package io.sluice.codegen;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Asks {@link ForwardingProcessor} for the abstract class {@code <Interface>Forwarder}, in the
 * annotated class's package and with its access, that implements {@link #value()} by forwarding
 * every method (the interface's default methods included) to a {@code protected final} field
 * {@code delegate}, set by its one constructor. The annotated class extends it and overrides only
 * the methods that carry logic.
 *
 * <p>Source retention: nothing of this module reaches the runtime's class files.
 */
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.TYPE)
public @interface Forwarding {

  /** The interface to forward. */
  Class<?> value();
}
