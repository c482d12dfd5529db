package com.karrot.kafka.listener;

import com.karrot.kafka.event.AggregateId;
import com.karrot.kafka.event.EventType;
import com.karrot.kafka.event.KarrotEvent;
import jakarta.validation.constraints.Positive;

/** The marketplace events that listener tests send and receive. */
final class TestEvents {

    private TestEvents() {
    }

    @EventType(value = "ITEM_LISTED", aggregateType = "item")
    record ItemListed(@AggregateId String itemId, int step) {
    }

    @EventType(value = "ITEM_SOLD", aggregateType = "item")
    record ItemSold(@AggregateId String itemId, int step, @Positive long price) {
    }

    /** An event without {@code @EventType}: listeners name its type in {@code eventTypes}. */
    record ChatMessageSent(String chatId, int step) implements KarrotEvent {

        @Override
        public String eventType() {
            return "CHAT_MESSAGE_SENT";
        }

        @Override
        public String aggregateType() {
            return "chat";
        }

        @Override
        public String aggregateId() {
            return this.chatId;
        }
    }
}
