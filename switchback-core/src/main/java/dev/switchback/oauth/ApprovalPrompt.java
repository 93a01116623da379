package dev.switchback.oauth;

import dev.switchback.fault.FaultException;

/** {@code approval_prompt}: {@code auto} (default) or {@code force}, with {@code prompt} a synonym of force. */
public enum ApprovalPrompt {
    AUTO,
    FORCE;

    public static ApprovalPrompt parse(String value) {
        if (value == null || value.isEmpty() || value.equals("auto")) {
            return AUTO;
        }
        if (value.equals("force") || value.equals("prompt")) {
            return FORCE;
        }
        throw FaultException.invalid("Authorize", "approval_prompt");
    }
}
