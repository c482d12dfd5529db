package com.karrot.kafka.outbox;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.Assert;

/**
 * The {@link KarrotEventPublisher} that writes events to an {@link OutboxStore} in the caller's transaction and,
 * once the transaction commits, wakes the relay so the event leaves at once instead of at the next poll.
 * Built with {@link #builder(OutboxStore)}.
 */
public final class OutboxEventPublisher implements KarrotEventPublisher {

    private final OutboxStore store;

    private final EnvelopeWriter envelope;

    private final int shards;

    private final TransactionRequirement transactionRequirement;

    private final @Nullable TransactionTemplate ownTransaction;

    private final @Nullable Runnable afterCommit;

    private OutboxEventPublisher(Builder builder) {
        this.store = builder.store;
        this.envelope = builder.envelope();
        this.shards = builder.shards;
        this.transactionRequirement = builder.transactionRequirement;
        this.ownTransaction = builder.transactionManager != null ? new TransactionTemplate(builder.transactionManager) : null;
        this.afterCommit = builder.afterCommit;
    }

    /**
     * Starts a builder.
     * @param store where events are written
     * @return the builder
     */
    public static Builder builder(OutboxStore store) {
        return new Builder(store);
    }

    /**
     * The relay shard of an aggregate: stable across JVMs, so every instance agrees on it.
     * @param aggregateType the aggregate type
     * @param aggregateId the aggregate id
     * @param shards the number of shards
     * @return the shard, from {@code 0} to {@code shards - 1}
     */
    public static int shardOf(String aggregateType, String aggregateId, int shards) {
        return Math.floorMod((aggregateType + ':' + aggregateId).hashCode(), shards);
    }

    @Override
    public String publish(Object event, Map<String, String> extraHeaders) {
        Assert.notNull(extraHeaders, "headers must not be null");
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            if (this.transactionRequirement == TransactionRequirement.REQUIRED || this.ownTransaction == null) {
                throw new IllegalStateException("KarrotEventPublisher.publish(" + event.getClass().getSimpleName()
                        + ") needs an active transaction, so that the event commits or rolls back with your data: "
                        + "call it from a @Transactional method, or set karrot.kafka.outbox.transaction=optional");
            }
            return this.ownTransaction.execute(status -> publish(event, extraHeaders));
        }
        OutboxRecord record = this.envelope.write(event, extraHeaders, null, this.shards);
        this.store.insert(record);
        wakeRelayAfterCommit();
        return record.eventId();
    }

    private void wakeRelayAfterCommit() {
        if (this.afterCommit == null || TransactionSynchronizationManager.hasResource(this)) {
            return;
        }
        // one wake-up per transaction, however many events it publishes
        TransactionSynchronizationManager.bindResource(this, Boolean.TRUE);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                OutboxEventPublisher.this.afterCommit.run();
            }

            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(OutboxEventPublisher.this);
            }
        });
    }

    /** Builds an {@link OutboxEventPublisher}; the store and a serializer are required. */
    public static final class Builder extends EnvelopeBuilder<Builder> {

        private final OutboxStore store;

        private int shards = 16;

        private TransactionRequirement transactionRequirement = TransactionRequirement.REQUIRED;

        private @Nullable PlatformTransactionManager transactionManager;

        private @Nullable Runnable afterCommit;

        private Builder(OutboxStore store) {
            Assert.notNull(store, "store must not be null");
            this.store = store;
        }

        /**
         * Sets the number of relay shards (default 16); must match the relay's.
         * @param shards a positive number
         * @return this builder
         */
        public Builder shards(int shards) {
            Assert.isTrue(shards > 0, "shards must be positive");
            this.shards = shards;
            return this;
        }

        /**
         * Sets what happens outside a transaction (default {@link TransactionRequirement#REQUIRED}).
         * @param requirement the requirement
         * @param transactionManager the manager for the publisher's own transactions, required with
         * {@link TransactionRequirement#OPTIONAL}
         * @return this builder
         */
        public Builder transactionRequirement(TransactionRequirement requirement,
                @Nullable PlatformTransactionManager transactionManager) {
            Assert.notNull(requirement, "requirement must not be null");
            Assert.isTrue(requirement == TransactionRequirement.REQUIRED || transactionManager != null,
                    "a transaction manager is required when transactions are optional");
            this.transactionRequirement = requirement;
            this.transactionManager = transactionManager;
            return this;
        }

        /**
         * Sets what to run after a transaction that published events commits, usually the relay's wake-up.
         * @param afterCommit the callback
         * @return this builder
         */
        public Builder afterCommit(@Nullable Runnable afterCommit) {
            this.afterCommit = afterCommit;
            return this;
        }

        /**
         * Builds the publisher.
         * @return the publisher
         */
        public OutboxEventPublisher build() {
            return new OutboxEventPublisher(this);
        }
    }
}
