package io.aio4j;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Runs each test with the {@value Backend#PROPERTY} system property cleared, and restores it afterwards. */
abstract class BackendPropertyIsolation {
    private String savedProperty;

    @BeforeEach
    final void clearBackendProperty() {
        savedProperty = System.getProperty(Backend.PROPERTY);
        System.clearProperty(Backend.PROPERTY);
    }

    @AfterEach
    final void restoreBackendProperty() {
        if (savedProperty == null) {
            System.clearProperty(Backend.PROPERTY);
        } else {
            System.setProperty(Backend.PROPERTY, savedProperty);
        }
    }
}
