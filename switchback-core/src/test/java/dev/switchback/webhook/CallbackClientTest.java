package dev.switchback.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchback.testing.UnitTest;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a callback may resolve to when private callbacks are refused (contract#webhook-callbacks). */
@UnitTest
class CallbackClientTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1",
                "10.1.2.3",
                "172.16.0.1",
                "192.168.1.1",
                "169.254.169.254",
                "100.64.0.1",
                "0.0.0.0",
                "224.0.0.1",
                "::1",
                "fe80::1",
                "fd00:ec2::254",
                "::ffff:127.0.0.1",
                "::ffff:169.254.169.254"
            })
    void isPrivate_refusesLoopbackPrivateLinkLocalAndMetadataAddresses(String address) throws Exception {
        assertThat(CallbackClient.isPrivate(InetAddress.getByName(address))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "151.101.1.69", "2606:4700:4700::1111", "::ffff:8.8.8.8"})
    void isPrivate_letsPublicAddressesThrough(String address) throws Exception {
        assertThat(CallbackClient.isPrivate(InetAddress.getByName(address))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost/hook", "http://127.0.0.1:9/hook", "http://[::1]/hook"})
    void aClientRefusingPrivateCallbacks_neverConnectsToLoopback(String url) {
        CallbackClient client = new CallbackClient(false, Duration.ofSeconds(2));

        assertThatThrownBy(() -> client.get(URI.create(url)))
                .isInstanceOf(CallbackClient.CallFailed.class)
                .hasMessageContaining("private address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.com/hook", "http:///nohost", "http://user:pw@example.com/", "not a url", ""})
    void isCallbackUrl_refusesWhatIsNotAnHttpUrlWithAHost(String url) {
        assertThat(CallbackClient.isCallbackUrl(url)).isFalse();
    }
}
