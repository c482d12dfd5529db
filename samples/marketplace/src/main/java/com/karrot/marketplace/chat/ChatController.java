package com.karrot.marketplace.chat;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The {@code /chats} API: send a message about an item. */
@RestController
@RequestMapping("/chats")
public class ChatController {

    private final ChatService chats;

    /**
     * Creates the controller.
     * @param chats the service behind it
     */
    public ChatController(ChatService chats) {
        this.chats = chats;
    }

    @PostMapping("/messages")
    @ResponseStatus(HttpStatus.CREATED)
    ChatMessage send(@RequestBody NewChatMessage message) {
        return this.chats.send(message);
    }
}
