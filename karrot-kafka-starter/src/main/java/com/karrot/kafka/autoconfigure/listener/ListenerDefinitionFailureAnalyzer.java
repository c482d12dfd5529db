package com.karrot.kafka.autoconfigure.listener;

import com.karrot.kafka.listener.ListenerDefinitionException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a wrongly declared {@code @KarrotEventListener} method into Spring Boot's start-up failure report: what is
 * wrong with which method, and how to fix it, instead of a stack trace.
 */
class ListenerDefinitionFailureAnalyzer extends AbstractFailureAnalyzer<ListenerDefinitionException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ListenerDefinitionException cause) {
        return new FailureAnalysis(cause.getProblem() + ".", cause.getAction(), cause);
    }
}
