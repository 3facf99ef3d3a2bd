package dev.topowatch.agent.instrument;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * One instrumentation point: the DJL type that declares the method (checked at start-up), the
 * types whose code is rewritten, the method, the advice, and what is lost when the method is absent.
 *
 * @param declaringType DJL class that must declare the method in the tested version
 * @param targets the classes to rewrite (the declaring type itself, or its subclasses)
 * @param method the method within them
 * @param advice the advice class to inline
 * @param feature what depends on this hook, for the start-up message
 */
record Hook(
    String declaringType,
    ElementMatcher<? super TypeDescription> targets,
    ElementMatcher<? super MethodDescription> method,
    Class<?> advice,
    String feature) {}
