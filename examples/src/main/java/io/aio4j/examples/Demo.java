package io.aio4j.examples;

/** Placeholder so that ./dev demo can be wired up; to be replaced by the real demo. */
public final class Demo {
    public static void main(String[] args) {
        System.out.println("demo placeholder");
    }
}
