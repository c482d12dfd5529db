/**
 * Sales per neighborhood: a Kafka Streams topology over {@code ITEM_SOLD} and a REST endpoint that reads its state
 * store.
 */
@NullMarked
package com.karrot.marketplace.sales;

import org.jspecify.annotations.NullMarked;
