package dev.switchback.example.orders;

import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The API itself; which scope each path needs is declared in {@link SecurityConfig}, not here. */
@RestController
class OrdersController {

    /** An order of the athlete the token speaks for ({@code sub} of the introspection answer). */
    record Order(long id, String athlete, String item, boolean visibleToOthers) {}

    @GetMapping("/orders")
    List<Order> orders(@AuthenticationPrincipal OAuth2AuthenticatedPrincipal athlete) {
        return List.of(new Order(1, athlete.getName(), "Chain wax", true));
    }

    @GetMapping("/orders/private")
    List<Order> privateOrders(@AuthenticationPrincipal OAuth2AuthenticatedPrincipal athlete) {
        return List.of(new Order(2, athlete.getName(), "Birthday present", false));
    }
}
