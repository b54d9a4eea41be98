import { useState } from "react";

/**
 * The one-time token of a link auth mailed (`…#token=…`). It travels in the
 * fragment, which never reaches a server or its logs; once read it is taken
 * out of the address bar and the history too.
 */
export function useLinkToken(): string | null {
  const [token] = useState(() => {
    const value = new URLSearchParams(window.location.hash.slice(1)).get("token");
    if (value) {
      window.history.replaceState(window.history.state, "", window.location.pathname + window.location.search);
    }
    return value;
  });
  return token;
}
