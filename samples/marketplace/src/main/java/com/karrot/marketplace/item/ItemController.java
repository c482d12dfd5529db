package com.karrot.marketplace.item;

import java.net.URI;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The {@code /items} API: list an item, read it, sell it. */
@RestController
@RequestMapping("/items")
public class ItemController {

    private final ItemService items;

    /**
     * Creates the controller.
     * @param items the service behind it
     */
    public ItemController(ItemService items) {
        this.items = items;
    }

    @PostMapping
    ResponseEntity<Item> create(@RequestBody NewItem newItem) {
        Item item = this.items.create(newItem);
        return ResponseEntity.created(URI.create("/items/" + item.id())).body(item);
    }

    @GetMapping("/{id}")
    Item get(@PathVariable String id) {
        return this.items.get(id);
    }

    @PostMapping("/{id}/sell")
    Item sell(@PathVariable String id, @RequestBody SaleRequest sale) {
        return this.items.sell(id, sale);
    }
}
