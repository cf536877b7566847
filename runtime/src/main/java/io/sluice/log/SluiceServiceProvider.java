package io.sluice.log;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * Sluice's own slf4j binding. Inside the agent jar slf4j is relocated, so this provider serves only
 * Sluice and the libraries shaded with it: the app keeps its own binding, and Sluice still tells
 * the operator the essentials on stderr when the app has none. See {@link SluiceLoggerFactory} for
 * levels.
 */
public final class SluiceServiceProvider implements SLF4JServiceProvider {
  /** The slf4j API version this provider is written against. */
  private static final String API_VERSION = "2.0.99";

  private ILoggerFactory loggerFactory;
  private IMarkerFactory markerFactory;
  private MDCAdapter mdcAdapter;

  @Override
  public void initialize() {
    loggerFactory = new SluiceLoggerFactory();
    markerFactory = new BasicMarkerFactory();
    mdcAdapter = new NOPMDCAdapter(); // the line format has no place for MDC values
  }

  @Override
  public ILoggerFactory getLoggerFactory() {
    return loggerFactory;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markerFactory;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdcAdapter;
  }

  @Override
  public String getRequestedApiVersion() {
    return API_VERSION;
  }
}
