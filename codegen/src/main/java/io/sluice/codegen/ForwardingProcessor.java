package io.sluice.codegen;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic;

/**
 * Writes, for each class annotated {@link Forwarding @Forwarding(I.class)}, the abstract class
 * {@code IForwarder} whose every method of {@code I} is exactly {@code return
 * this.delegate.m(a, b);}: plain Java, the interface's own signatures and checked exceptions, no
 * reflection, so a forwarded call costs what a hand-written one did.
 *
 * <p>Every non-static method of the interface and its superinterfaces is forwarded, default
 * methods included, so the delegate's own implementation shows through rather than the
 * interface's default. Methods an interface redeclares from {@code Object} are not: identity and
 * text stay the forwarder's own.
 */
public final class ForwardingProcessor extends AbstractProcessor {
  private static final String ANNOTATION = Forwarding.class.getCanonicalName();
  private static final String SUFFIX = "Forwarder";

  /** Public for {@link java.util.ServiceLoader}. */
  public ForwardingProcessor() {}

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(ANNOTATION);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    for (TypeElement annotation : annotations) {
      for (Element annotated : round.getElementsAnnotatedWith(annotation)) {
        if (annotated.getKind() != ElementKind.CLASS) {
          error(annotated, "@Forwarding belongs on the class that extends the generated one");
          continue;
        }
        TypeElement iface = forwardedInterface(annotated);
        if (iface.getKind() != ElementKind.INTERFACE) {
          error(annotated, iface + " is not an interface");
        } else if (!iface.getTypeParameters().isEmpty()) {
          error(annotated, "generic interfaces are not supported: " + iface);
        } else {
          write((TypeElement) annotated, iface);
        }
      }
    }
    return true;
  }

  private TypeElement forwardedInterface(Element annotated) {
    for (AnnotationMirror mirror : annotated.getAnnotationMirrors()) {
      TypeElement type = (TypeElement) mirror.getAnnotationType().asElement();
      if (type.getQualifiedName().contentEquals(ANNOTATION)) {
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e :
            mirror.getElementValues().entrySet()) {
          if (e.getKey().getSimpleName().contentEquals("value")) {
            return (TypeElement) ((DeclaredType) e.getValue().getValue()).asElement();
          }
        }
      }
    }
    throw new IllegalStateException("no @Forwarding on " + annotated);
  }

  private void write(TypeElement annotated, TypeElement iface) {
    String pkg = processingEnv.getElementUtils().getPackageOf(annotated).getQualifiedName().toString();
    String name = iface.getSimpleName() + SUFFIX;
    String type = iface.getQualifiedName().toString();
    String access = annotated.getModifiers().contains(Modifier.PUBLIC) ? "public " : "";

    StringBuilder out = new StringBuilder();
    if (!pkg.isEmpty()) {
      out.append("package ").append(pkg).append(";\n\n");
    }
    out.append("/**\n")
        .append(" * Every method of {@link ").append(type).append("} forwarded to {@link #delegate}.\n")
        .append(" * Generated from {@code @Forwarding} on {@link ")
        .append(annotated.getQualifiedName()).append("}: never edited by hand.\n")
        .append(" */\n")
        .append("@javax.annotation.processing.Generated(\"")
        .append(ForwardingProcessor.class.getName()).append("\")\n")
        .append(access).append("abstract class ").append(name).append(" implements ").append(type)
        .append(" {\n\n")
        .append("  /** The object every method goes to. */\n")
        .append("  protected final ").append(type).append(" delegate;\n\n")
        .append("  protected ").append(name).append("(").append(type).append(" delegate) {\n")
        .append("    this.delegate = delegate;\n")
        .append("  }\n");
    for (ExecutableElement method : methodsOf(iface)) {
      out.append('\n');
      forward(method, out);
    }
    out.append("}\n");

    try (Writer writer =
        processingEnv
            .getFiler()
            .createSourceFile(pkg.isEmpty() ? name : pkg + "." + name, annotated)
            .openWriter()) {
      writer.write(out.toString());
    } catch (IOException e) {
      // A FilerException too: two annotated classes of one package forwarding the same interface.
      error(annotated, "cannot write " + name + ": " + e.getMessage());
    }
  }

  /**
   * The interface's non-static methods, inherited ones included, one per signature (the most
   * specific declaration), in a stable order so that the output is the same on every build.
   */
  private List<ExecutableElement> methodsOf(TypeElement iface) {
    Map<String, ExecutableElement> bySignature = new LinkedHashMap<>();
    for (ExecutableElement method :
        ElementFilter.methodsIn(processingEnv.getElementUtils().getAllMembers(iface))) {
      if (method.getModifiers().contains(Modifier.STATIC)
          || method.getModifiers().contains(Modifier.PRIVATE)
          || method.getEnclosingElement().getKind() != ElementKind.INTERFACE
          || isObjectMethod(method)) {
        continue;
      }
      bySignature.merge(signature(method), method, this::moreSpecific);
    }
    List<ExecutableElement> methods = new ArrayList<>(bySignature.values());
    methods.sort(Comparator.comparing(this::signature));
    return methods;
  }

  private ExecutableElement moreSpecific(ExecutableElement a, ExecutableElement b) {
    TypeMirror declaringA = a.getEnclosingElement().asType();
    TypeMirror declaringB = b.getEnclosingElement().asType();
    return processingEnv.getTypeUtils().isSubtype(declaringB, declaringA) ? b : a;
  }

  private String signature(ExecutableElement method) {
    StringJoiner params = new StringJoiner(",", method.getSimpleName() + "(", ")");
    for (VariableElement p : method.getParameters()) {
      params.add(processingEnv.getTypeUtils().erasure(p.asType()).toString());
    }
    return params.toString();
  }

  private static boolean isObjectMethod(ExecutableElement method) {
    String name = method.getSimpleName().toString();
    int arity = method.getParameters().size();
    return (arity == 0 && (name.equals("hashCode") || name.equals("toString")))
        || (arity == 1
            && name.equals("equals")
            && method.getParameters().get(0).asType().toString().equals("java.lang.Object"));
  }

  private void forward(ExecutableElement method, StringBuilder out) {
    out.append("  @Override\n");
    if (processingEnv.getElementUtils().isDeprecated(method)) {
      out.append("  @Deprecated\n");
    }
    out.append("  public ");
    List<? extends TypeParameterElement> typeParameters = method.getTypeParameters();
    if (!typeParameters.isEmpty()) {
      StringJoiner joiner = new StringJoiner(", ", "<", "> ");
      for (TypeParameterElement t : typeParameters) {
        StringJoiner bounds = new StringJoiner(" & ", t.getSimpleName() + " extends ", "");
        bounds.setEmptyValue(t.getSimpleName());
        for (TypeMirror bound : t.getBounds()) {
          if (!bound.toString().equals("java.lang.Object")) {
            bounds.add(bound.toString());
          }
        }
        joiner.add(bounds.toString());
      }
      out.append(joiner);
    }
    out.append(method.getReturnType()).append(' ').append(method.getSimpleName()).append('(');
    StringJoiner params = new StringJoiner(", ");
    StringJoiner args = new StringJoiner(", ");
    List<? extends VariableElement> parameters = method.getParameters();
    for (int i = 0; i < parameters.size(); i++) {
      TypeMirror paramType = parameters.get(i).asType();
      String paramName = parameters.get(i).getSimpleName().toString();
      boolean varargs = method.isVarArgs() && i == parameters.size() - 1;
      params.add(
          (varargs ? ((ArrayType) paramType).getComponentType() + "..." : paramType.toString())
              + " "
              + paramName);
      args.add(paramName);
    }
    out.append(params).append(')');
    if (!method.getThrownTypes().isEmpty()) {
      StringJoiner thrown = new StringJoiner(", ", " throws ", "");
      method.getThrownTypes().forEach(t -> thrown.add(t.toString()));
      out.append(thrown);
    }
    out.append(" {\n    ");
    if (method.getReturnType().getKind() != TypeKind.VOID) {
      out.append("return ");
    }
    out.append("this.delegate.")
        .append(method.getSimpleName())
        .append('(')
        .append(args)
        .append(");\n  }\n");
  }

  private void error(Element element, String message) {
    processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, message, element);
  }
}
