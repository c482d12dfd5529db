package com.karrot.kafka.autoconfigure.outbox;

import java.time.Instant;
import java.util.List;

import com.karrot.kafka.outbox.OutboxRecord;
import com.karrot.kafka.outbox.OutboxRelayObserver;

/** Tells several relay observers (the meters and the service's own), in order. */
final class CompositeOutboxRelayObserver implements OutboxRelayObserver {

    private final List<OutboxRelayObserver> observers;

    CompositeOutboxRelayObserver(List<OutboxRelayObserver> observers) {
        this.observers = List.copyOf(observers);
    }

    @Override
    public void sent(List<OutboxRecord> sent, Instant ackedAt) {
        this.observers.forEach(observer -> observer.sent(sent, ackedAt));
    }

    @Override
    public void failed(OutboxRecord record, Throwable error, boolean failedForGood) {
        this.observers.forEach(observer -> observer.failed(record, error, failedForGood));
    }

    @Override
    public void outage(Throwable error) {
        this.observers.forEach(observer -> observer.outage(error));
    }
}
