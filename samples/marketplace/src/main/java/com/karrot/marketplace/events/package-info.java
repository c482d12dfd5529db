/**
 * The marketplace's events. Services publish them through the transactional outbox
 * ({@link com.karrot.kafka.outbox.KarrotEventPublisher}) inside their own transactions; topics are chosen per
 * aggregate type in {@code application.properties} ({@code karrot.kafka.outbox.topics.*}).
 */
package com.karrot.marketplace.events;
