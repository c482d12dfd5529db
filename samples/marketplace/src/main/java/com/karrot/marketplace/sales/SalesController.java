package com.karrot.marketplace.sales;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.karrot.kafka.streams.StateStoreQueries;
import com.karrot.marketplace.NotFoundException;
import com.karrot.marketplace.events.NeighborhoodSales;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sales per neighborhood, read from the topology's state store through {@link StateStoreQueries}, which waits
 * while the store is not queryable (start-up, rebalancing) and answers 503 after
 * {@code karrot.kafka.streams.query.timeout}.
 */
@RestController
@RequestMapping("/sales/neighborhoods")
class SalesController {

    private final StateStoreQueries stores;

    SalesController(StateStoreQueries stores) {
        this.stores = stores;
    }

    @GetMapping
    List<NeighborhoodSales> all() {
        return this.stores.read(SalesTopology.STORE, QueryableStoreTypes.<String, NeighborhoodSales>keyValueStore(),
                store -> {
                    List<NeighborhoodSales> sales = new ArrayList<>();
                    try (KeyValueIterator<String, NeighborhoodSales> all = store.all()) {
                        all.forEachRemaining(entry -> sales.add(entry.value));
                    }
                    sales.sort(Comparator.comparing(NeighborhoodSales::neighborhood));
                    return sales;
                });
    }

    @GetMapping("/{neighborhood}")
    NeighborhoodSales one(@PathVariable String neighborhood) {
        NeighborhoodSales sales = this.stores.get(SalesTopology.STORE, neighborhood);
        if (sales == null) {
            throw new NotFoundException("sales of neighborhood", neighborhood);
        }
        return sales;
    }
}
