package com.karrot.kafka.listener;

import org.jspecify.annotations.Nullable;

/**
 * Thrown at start-up when a {@link KarrotEventListener} method is declared wrongly: its signature, its attributes,
 * or a conflict with another listener method. {@link #getProblem()} names the method and what is wrong,
 * {@link #getAction()} says how to fix it; Spring Boot's failure analysis prints both, the message has both.
 */
public class ListenerDefinitionException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String problem;

    private final String action;

    /**
     * Creates the exception.
     * @param problem the method and what is wrong with it
     * @param action how to fix it
     * @param cause the underlying failure, or {@code null}
     */
    public ListenerDefinitionException(String problem, String action, @Nullable Throwable cause) {
        super(problem + ". " + action, cause);
        this.problem = problem;
        this.action = action;
    }

    /**
     * What is wrong.
     * @return the method or annotation, and the problem
     */
    public String getProblem() {
        return this.problem;
    }

    /**
     * How to fix the declaration.
     * @return a sentence for the developer
     */
    public String getAction() {
        return this.action;
    }
}
