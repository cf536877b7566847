package io.sluice.agent;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.security.CodeSource;
import java.security.SecureClassLoader;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads Sluice's runtime, its installer and the relocated libraries from the agent jar's hidden
 * {@code inst/} entries, where every {@code .class} is stored as {@code .classdata}.
 *
 * <p>Hidden, because the agent jar is on the system class path: plain {@code .class} entries would
 * be loadable by the application, and found by its class-path scanners and {@code ServiceLoader}.
 * The parent is the platform loader, so {@code java.sql}, {@code javax.sql} and {@code
 * java.management} resolve while nothing of the application's class path does. Resource lookups map
 * the same way ({@code x/Y.class} to {@code inst/x/Y.classdata}, anything else to {@code
 * inst/...}), which lets Byte Buddy read the advice's bytes and slf4j's {@code ServiceLoader} find
 * Sluice's own provider. The jar is opened for the running Java version, so {@code
 * META-INF/versions/N/inst/...} entries win over their base entries as in any multi-release jar.
 */
final class AgentClassLoader extends SecureClassLoader {
  static {
    registerAsParallelCapable();
  }

  private static final String HIDDEN_ROOT = "inst/";
  private static final String CLASS_SUFFIX = ".class";
  private static final String HIDDEN_CLASS_SUFFIX = ".classdata";

  private final JarFile jar;
  private final String jarUrl;
  private final CodeSource codeSource;

  /**
   * @param jar the agent jar, opened for the running Java version; it must stay open as long as
   *     this loader lives
   */
  AgentClassLoader(JarFile jar) throws MalformedURLException {
    super("sluice", ClassLoader.getPlatformClassLoader());
    this.jar = jar;
    URI jarUri = new File(jar.getName()).toURI();
    this.jarUrl = "jar:" + jarUri + "!/";
    this.codeSource = new CodeSource(jarUri.toURL(), (Certificate[]) null);
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    JarEntry entry = hiddenEntry(name.replace('.', '/') + CLASS_SUFFIX);
    if (entry == null) {
      throw new ClassNotFoundException(name);
    }
    byte[] bytes;
    try (InputStream in = jar.getInputStream(entry)) {
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new ClassNotFoundException(name, e);
    }
    return defineClass(name, bytes, 0, bytes.length, codeSource);
  }

  @Override
  protected URL findResource(String name) {
    JarEntry entry = hiddenEntry(name);
    if (entry == null) {
      return null;
    }
    try {
      // The real name points at the versioned entry when one was chosen.
      return URI.create(jarUrl + entry.getRealName()).toURL();
    } catch (MalformedURLException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected Enumeration<URL> findResources(String name) {
    URL url = findResource(name);
    return url == null
        ? Collections.emptyEnumeration()
        : Collections.enumeration(Collections.singletonList(url));
  }

  private JarEntry hiddenEntry(String name) {
    String hidden =
        name.endsWith(CLASS_SUFFIX)
            ? name.substring(0, name.length() - CLASS_SUFFIX.length()) + HIDDEN_CLASS_SUFFIX
            : name;
    return jar.getJarEntry(HIDDEN_ROOT + hidden);
  }
}
