package com.karrot.kafka.autoconfigure.listener;

import java.time.Duration;
import java.util.List;

import com.karrot.kafka.listener.EventListenerObserver;
import org.jspecify.annotations.Nullable;

/** Tells several observers (the meters and the service's own), in order. */
final class CompositeEventListenerObserver implements EventListenerObserver {

    private final List<EventListenerObserver> observers;

    CompositeEventListenerObserver(List<EventListenerObserver> observers) {
        this.observers = List.copyOf(observers);
    }

    @Override
    public void handled(String listenerId, String eventType, Duration duration, @Nullable Throwable failure) {
        this.observers.forEach(observer -> observer.handled(listenerId, eventType, duration, failure));
    }

    @Override
    public void retrying(String listenerId, String eventType, Throwable failure) {
        this.observers.forEach(observer -> observer.retrying(listenerId, eventType, failure));
    }

    @Override
    public void deadLettered(String listenerId, String eventType, Throwable failure) {
        this.observers.forEach(observer -> observer.deadLettered(listenerId, eventType, failure));
    }

    @Override
    public void skipped(String listenerId, String eventType) {
        this.observers.forEach(observer -> observer.skipped(listenerId, eventType));
    }

    @Override
    public void untyped(String listenerId, String topic) {
        this.observers.forEach(observer -> observer.untyped(listenerId, topic));
    }

    @Override
    public void replayForOtherGroup(String listenerId, String eventType) {
        this.observers.forEach(observer -> observer.replayForOtherGroup(listenerId, eventType));
    }

    @Override
    public void duplicate(String listenerId, String eventType) {
        this.observers.forEach(observer -> observer.duplicate(listenerId, eventType));
    }
}
