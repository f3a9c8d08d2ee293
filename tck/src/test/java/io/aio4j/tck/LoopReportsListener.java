package io.aio4j.tck;

import org.testng.IInvokedMethod;
import org.testng.IInvokedMethodListener;
import org.testng.ITestResult;

/**
 * Fails a TCK test if the loop of its verification class reported anything to its exception handler while the
 * test ran. Installed with {@code @Listeners} on the verification bases; it acts on instances of
 * {@link LoopHarness.Owner} only.
 *
 * <p>A listener, not {@link org.testng.IHookable}: TestNG looks for {@code IHookable} on the class declaring the
 * test method, and the TCK's test methods are declared in its own classes. {@code afterInvocation} runs before
 * TestNG reports the result, so the status it sets is the one the report shows.
 */
public final class LoopReportsListener implements IInvokedMethodListener {
    @Override
    public void afterInvocation(IInvokedMethod method, ITestResult result) {
        if (!method.isTestMethod() || !(result.getInstance() instanceof LoopHarness.Owner owner)) {
            return;
        }
        LoopHarness harness = owner.loopHarness();
        if (harness == null) {
            return;
        }
        try {
            harness.verifyNoReports("during " + method.getTestMethod().getMethodName());
        } catch (AssertionError reports) {
            if (result.getThrowable() != null) {
                reports.addSuppressed(result.getThrowable());
            }
            result.setThrowable(reports);
            result.setStatus(ITestResult.FAILURE);
        }
    }
}
