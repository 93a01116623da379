package dev.switchback.cli;

import dev.switchback.Switchback;
import dev.switchback.resourceserver.ResourceServer;
import dev.switchback.resourceserver.ResourceServerId;
import dev.switchback.resourceserver.ResourceServerService;
import java.io.PrintWriter;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code switchback resource-servers}: APIs that introspect tokens (contract#introspection). */
@Command(
        name = "resource-servers",
        mixinStandardHelpOptions = true,
        description = "Manage resource servers: APIs that check any token at /oauth/introspect.",
        subcommands = {
            ResourceServersCommand.Create.class,
            ResourceServersCommand.ListServers.class,
            ResourceServersCommand.Delete.class
        })
final class ResourceServersCommand extends GroupCommand {

    static Map<String, Object> json(ResourceServer server) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("client_id", server.id().clientId());
        json.put("name", server.name());
        json.put("created_at", DateTimeFormatter.ISO_INSTANT.format(server.createdAt()));
        return json;
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Register a resource server and print its client id and secret (shown only now).")
    static final class Create extends DatabaseCommand {
        @Option(names = "--name", required = true, description = "What the resource server is, e.g. \"Orders API\".")
        String name;

        @Override
        public void run() {
            try (Switchback switchback = open()) {
                ResourceServerService.Created created =
                        switchback.resourceServers().create(name);
                PrintWriter out = out();
                if (json) {
                    Map<String, Object> body = json(created.server());
                    body.put("client_secret", created.secret().value());
                    Output.json(out, body);
                    return;
                }
                out.printf("client_id      %s%n", created.server().id().clientId());
                out.printf("client_secret  %s%n", created.secret().value());
                out.printf("name           %s%n", created.server().name());
                out.println("The secret is shown only now; Switchback keeps only its digest.");
                out.flush();
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the resource servers.")
    static final class ListServers extends DatabaseCommand {
        @Override
        public void run() {
            try (Switchback switchback = open()) {
                List<ResourceServer> servers = switchback.resourceServers().list();
                PrintWriter out = out();
                if (json) {
                    Output.json(
                            out,
                            Map.of(
                                    "resource_servers",
                                    servers.stream()
                                            .map(ResourceServersCommand::json)
                                            .toList()));
                    return;
                }
                Output.table(
                        out,
                        List.of("CLIENT_ID", "NAME"),
                        servers.stream()
                                .map(server -> List.of(server.id().clientId(), server.name()))
                                .toList());
            }
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a resource server.")
    static final class Delete extends DatabaseCommand {
        @Parameters(paramLabel = "ID", description = "The resource server's client id (rs-N).")
        String clientId;

        @Override
        public void run() {
            ResourceServerId id = ResourceServerId.parse(clientId)
                    .orElseThrow(() -> new IllegalArgumentException(
                            "a resource server's client id is rs- and a number (got " + clientId + ")"));
            try (Switchback switchback = open()) {
                switchback.resourceServers().delete(id);
                PrintWriter out = out();
                if (json) {
                    Output.json(out, Map.of("client_id", id.clientId(), "deleted", true));
                } else {
                    out.println("Deleted resource server " + id.clientId() + ".");
                    out.flush();
                }
            }
        }
    }
}
