package dev.rooremote.testsupport.fx;

import java.lang.reflect.Method;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * Runs each test method of a class (parameterized ones too) on the JavaFX application thread ({@code @ExtendWith(FxThreadExtension.class)}),
 * for tests of code that must only run there: properties bound to nodes, controls, stages. Before and
 * after methods run on JUnit's thread as usual.
 */
public final class FxThreadExtension implements BeforeAllCallback, InvocationInterceptor {

    @Override
    public void beforeAll(ExtensionContext context) {
        FxThread.start();
    }

    @Override
    public void interceptTestMethod(
            Invocation<Void> invocation, ReflectiveInvocationContext<Method> method, ExtensionContext context) {
        onFxThread(invocation);
    }

    @Override
    public void interceptTestTemplateMethod(
            Invocation<Void> invocation, ReflectiveInvocationContext<Method> method, ExtensionContext context) {
        onFxThread(invocation);
    }

    private static void onFxThread(Invocation<Void> invocation) {
        FxThread.call(() -> {
            try {
                invocation.proceed();
            } catch (Exception | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
            return null;
        });
    }
}
