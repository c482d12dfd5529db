package com.karrot.marketplace.item;

import java.util.Optional;
import java.util.UUID;

import com.karrot.kafka.outbox.KarrotEventPublisher;
import com.karrot.marketplace.ConflictException;
import com.karrot.marketplace.DatabaseTime;
import com.karrot.marketplace.InputChecks;
import com.karrot.marketplace.InvalidInputException;
import com.karrot.marketplace.NotFoundException;
import com.karrot.marketplace.events.ItemCreated;
import com.karrot.marketplace.events.ItemSold;
import com.karrot.marketplace.user.UserService;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Lists items and sells them. Each changing method is one database transaction: a sale marks the item sold and
 * publishes {@code ITEM_SOLD} together, or does neither; the payment service requests the payment when the event
 * reaches it.
 */
@Service
public class ItemService {

    private static final int MAX_TITLE = 100;

    private static final RowMapper<Item> ITEM = (rs, row) -> new Item(rs.getString("id"), rs.getString("seller_id"),
            rs.getString("title"), rs.getLong("price"), ItemStatus.valueOf(rs.getString("status")),
            rs.getString("buyer_id"), DatabaseTime.read(rs, "created_at"), DatabaseTime.read(rs, "sold_at"));

    private final JdbcClient jdbc;

    private final UserService users;

    private final KarrotEventPublisher events;

    /**
     * Creates the service.
     * @param jdbc the client for the {@code items} table
     * @param users checks sellers and buyers
     * @param events publishes {@code ITEM_CREATED} and {@code ITEM_SOLD} through the outbox
     */
    public ItemService(JdbcClient jdbc, UserService users, KarrotEventPublisher events) {
        this.jdbc = jdbc;
        this.users = users;
        this.events = events;
    }

    /**
     * Lists an item for sale.
     * @param newItem the seller, title and price, all required
     * @return the stored item, {@link ItemStatus#AVAILABLE}
     * @throws InvalidInputException if a field is missing or invalid, or the seller does not exist
     */
    @Transactional
    public Item create(NewItem newItem) {
        NewItem given = (newItem != null) ? newItem : new NewItem(null, null, null);
        String title = InputChecks.text("title", given.title(), MAX_TITLE);
        long price = InputChecks.notNegative("price", given.price());
        String sellerId = this.users.referenced("sellerId", given.sellerId()).id();
        Item item = new Item(UUID.randomUUID().toString(), sellerId, title, price, ItemStatus.AVAILABLE, null,
                DatabaseTime.now(), null);
        this.jdbc.sql("""
                INSERT INTO items (id, seller_id, title, price, status, created_at)
                VALUES (:id, :sellerId, :title, :price, :status, :createdAt)""")
            .param("id", item.id())
            .param("sellerId", item.sellerId())
            .param("title", item.title())
            .param("price", item.price())
            .param("status", item.status().name())
            .param("createdAt", DatabaseTime.parameter(item.createdAt()))
            .update();
        this.events.publish(new ItemCreated(item.id(), item.sellerId(), item.title(), item.price(), item.createdAt()));
        return item;
    }

    /**
     * Reads an item.
     * @param id the item id
     * @return the item
     * @throws NotFoundException if no item has that id
     */
    @Transactional(readOnly = true)
    public Item get(String id) {
        return find(id).orElseThrow(() -> new NotFoundException("item", id));
    }

    private Optional<Item> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        return this.jdbc.sql("""
                SELECT id, seller_id, title, price, status, buyer_id, created_at, sold_at
                FROM items WHERE id = :id""")
            .param("id", id)
            .query(ITEM)
            .optional();
    }

    /**
     * Reads the item a request field refers to, such as the item a chat message is about.
     * @param field the name of the request field, used in the message
     * @param id the item id from that field
     * @return the item
     * @throws InvalidInputException if the id is missing or matches no item
     */
    @Transactional(readOnly = true)
    public Item referenced(String field, String id) {
        if (id == null || id.isBlank()) {
            throw new InvalidInputException(field + " is required");
        }
        return find(id).orElseThrow(() -> new InvalidInputException(field + ": no item with id " + id));
    }

    /**
     * Sells an available item to a buyer. When two buyers race for one item, exactly one wins; the other gets a
     * {@link ConflictException}. The {@code ITEM_SOLD} event commits with the sale, and the payment follows from it.
     * @param id the item id
     * @param sale the buyer, who must exist and must not be the seller
     * @return the sold item
     * @throws NotFoundException if no item has that id
     * @throws InvalidInputException if the buyer is missing, unknown or the seller
     * @throws ConflictException if the item is already sold
     */
    @Transactional
    public Item sell(String id, SaleRequest sale) {
        Item item = get(id);
        String buyerId = this.users.referenced("buyerId", (sale != null) ? sale.buyerId() : null).id();
        if (buyerId.equals(item.sellerId())) {
            throw new InvalidInputException("buyerId must not be the seller of the item");
        }
        // the status condition makes the update the arbiter between concurrent buyers
        int sold = this.jdbc.sql("""
                UPDATE items SET status = :sold, buyer_id = :buyerId, sold_at = :soldAt
                WHERE id = :id AND status = :available""")
            .param("sold", ItemStatus.SOLD.name())
            .param("buyerId", buyerId)
            .param("soldAt", DatabaseTime.parameter(DatabaseTime.now()))
            .param("id", id)
            .param("available", ItemStatus.AVAILABLE.name())
            .update();
        if (sold == 0) {
            throw new ConflictException("item " + id + " is already sold");
        }
        Item soldItem = get(id);
        // the sale and its event commit together, or neither does
        String neighborhood = this.users.get(soldItem.sellerId()).neighborhood();
        this.events.publish(new ItemSold(soldItem.id(), soldItem.sellerId(), buyerId, soldItem.price(), soldItem.soldAt(),
                neighborhood));
        return soldItem;
    }
}
